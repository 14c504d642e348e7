package io.slipway.templates;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Applications the packs write are valid Argo CD Applications (only fields Argo CD's
 * {@code Application} type knows) and carry what the infra rules ask for, per environment.
 */
class ArgoCdApplicationTests {

	private static final TemplatePacks PACKS = TemplatePacks.builtIn();

	/** Field names of Argo CD's v1alpha1 Application types the packs may use. */
	private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec");

	private static final Set<String> METADATA = Set.of("name", "namespace", "labels", "annotations", "finalizers");

	private static final Set<String> SPEC = Set.of("project", "source", "sources", "destination", "syncPolicy",
			"ignoreDifferences", "info", "revisionHistoryLimit");

	private static final Set<String> SOURCE = Set.of("repoURL", "path", "targetRevision", "chart", "helm", "kustomize",
			"directory", "plugin", "ref", "name");

	private static final Set<String> DESTINATION = Set.of("server", "namespace", "name");

	private static final Set<String> SYNC_POLICY = Set.of("automated", "syncOptions", "retry",
			"managedNamespaceMetadata");

	private static final Set<String> AUTOMATED = Set.of("prune", "selfHeal", "allowEmpty", "enabled");

	private static final Set<String> IGNORE_DIFFERENCES = Set.of("group", "kind", "name", "namespace", "jsonPointers",
			"jqPathExpressions", "managedFieldsManagers");

	@Test
	void oneValidApplicationPerEnvironmentPointingAtItsOverlay() {
		for (TemplatePack pack : PACKS.list()) {
			Map<String, Object> values = Fixtures.payments();
			List<RenderedFile> files = pack.render(values);
			for (Map<String, Object> environment : Trees.maps(values.get("environments"))) {
				String name = "payments-" + environment.get("name");
				RenderedFile file = files.stream()
					.filter(candidate -> candidate.path().equals("argocd/apps/" + environment.get("name") + "/payments.yaml"))
					.findFirst()
					.orElseThrow();
				Map<String, Object> application = new Yaml(new SafeConstructor(new LoaderOptions())).load(file.content());

				assertThat(application).as(pack.name() + " " + name).containsOnlyKeys(TOP);
				assertThat(application).containsEntry("apiVersion", "argoproj.io/v1alpha1")
					.containsEntry("kind", "Application");
				Map<String, Object> metadata = Trees.map(application.get("metadata"));
				assertThat(metadata.keySet()).isSubsetOf(METADATA);
				assertThat(metadata).containsEntry("name", name)
					.containsEntry("namespace", "argocd")
					.containsEntry("finalizers", List.of("resources-finalizer.argocd.argoproj.io"));

				Map<String, Object> spec = Trees.map(application.get("spec"));
				assertThat(spec.keySet()).isSubsetOf(SPEC);
				assertThat(spec).containsEntry("project", environment.get("argocdProject"));
				Map<String, Object> source = Trees.map(spec.get("source"));
				assertThat(source.keySet()).isSubsetOf(SOURCE);
				assertThat(source).containsEntry("repoURL", "https://git.example.com/acme/goapps-infra.git")
					.containsEntry("targetRevision", "main");
				assertThat(files).extracting(RenderedFile::path).contains(source.get("path") + "/kustomization.yaml");
				Map<String, Object> destination = Trees.map(spec.get("destination"));
				assertThat(destination.keySet()).isSubsetOf(DESTINATION);
				assertThat(destination).containsEntry("server", "https://kubernetes.default.svc")
					.containsEntry("namespace", environment.get("namespace"));
				Map<String, Object> syncPolicy = Trees.map(spec.get("syncPolicy"));
				assertThat(syncPolicy.keySet()).isSubsetOf(SYNC_POLICY);
				Map<String, Object> automated = Trees.map(syncPolicy.get("automated"));
				assertThat(automated.keySet()).isSubsetOf(AUTOMATED);
				assertThat(automated).containsEntry("prune", true).containsEntry("selfHeal", true);
				assertThat(Trees.list(syncPolicy.get("syncOptions"))).contains("CreateNamespace=true");
				for (Map<String, Object> difference : Trees.maps(spec.get("ignoreDifferences"))) {
					assertThat(difference.keySet()).isSubsetOf(IGNORE_DIFFERENCES);
				}
			}
		}
	}

	@Test
	void thePackagesPackPointsProductionAtProdAndTheOtherEnvironmentAtDev() {
		List<RenderedFile> files = PACKS.get("packages").render(Fixtures.payments());
		Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
		Map<String, Object> staging = yaml.load(file(files, "argocd/apps/staging/payments.yaml").content());
		Map<String, Object> production = yaml.load(file(files, "argocd/apps/production/payments.yaml").content());
		assertThat(Trees.at(staging, "spec", "source", "path")).isEqualTo("packages/payments/k8s/overlays/dev");
		assertThat(Trees.at(production, "spec", "source", "path")).isEqualTo("packages/payments/k8s/overlays/prod");
	}

	private static RenderedFile file(List<RenderedFile> files, String path) {
		return files.stream().filter(file -> file.path().equals(path)).findFirst().orElseThrow();
	}

}
