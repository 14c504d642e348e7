package io.slipway.templates;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.slipway.templates.Check.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static io.slipway.templates.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules hold for what the packs write, and each rule notices when it is broken: every case below
 * breaks one thing in otherwise good output and expects that rule, with the file named, to fail.
 */
class ManifestChecksTests {

	private static final TemplatePacks PACKS = TemplatePacks.builtIn();

	@Test
	void everyRulePassesOnWhatThePacksWrite() {
		for (TemplatePack pack : PACKS.list()) {
			List<Check> checks = ManifestChecks.run(Fixtures.payments(), pack.render(Fixtures.payments()));
			assertThat(checks).as(pack.name()).allSatisfy(check -> assertThat(check.status()).isEqualTo(Status.PASS));
			assertThat(checks).extracting(Check::rule)
				.contains("yaml", "kustomize", "labels", "labels.version", "names", "template-pack", "probes", "metrics",
						"resources", "replicas", "hpa", "network-policy", "secrets", "database", "env", "overlay",
						"image.tag", "argocd");
		}
		assertThat(ManifestChecks.run(Fixtures.mailer(), PACKS.get("goapps").render(Fixtures.mailer())))
			.allSatisfy(check -> assertThat(check.status()).isEqualTo(Status.PASS));
	}

	@Test
	void aPackagesServiceWithoutALanguageWarnsThatTiltCannotFindIt() {
		List<Check> checks = ManifestChecks.run(Fixtures.mailer(), PACKS.get("packages").render(Fixtures.mailer()));
		assertThat(checks).filteredOn(check -> check.status() != Status.PASS)
			.singleElement()
			.satisfies(check -> {
				assertThat(check.rule()).isEqualTo("tilt");
				assertThat(check.status()).isEqualTo(Status.WARN);
				assertThat(check.message()).contains("packages/mailer/Dockerfile");
			});
	}

	static Stream<Arguments> breakages() {
		String base = "services/payments/base/";
		String production = "services/payments/overlays/production/";
		String application = "argocd/apps/production/payments.yaml";
		return Stream.of(
				breaks("yaml", "a file that is not YAML", base + "service.yaml",
						files -> replace(files, base + "service.yaml", "a: [unclosed\n")),
				breaks("kustomize", "a patch file that does not exist", production + "kustomization.yaml",
						files -> edit(files, production + "kustomization.yaml",
								doc -> Trees.maps(doc.get("patches")).get(0).put("path", "patches/scale.yaml"))),
				breaks("kustomize", "a patch that targets a missing object", "Deployment payments-api",
						files -> edit(files, production + "patches/replicas.yaml",
								doc -> Trees.map(doc.get("metadata")).put("name", "payments-api"))),
				breaks("kustomize", "a resource that does not exist", "pdb.yaml",
						files -> edit(files, base + "kustomization.yaml",
								doc -> Trees.list(doc.get("resources")).add("pdb.yaml"))),
				breaks("labels", "a resource without the component label", "HorizontalPodAutoscaler payments-hpa",
						files -> edit(files, base + "hpa.yaml",
								doc -> labels(doc).remove("app.kubernetes.io/component"))),
				breaks("labels", "a pod template without the app label", "pod template",
						files -> edit(files, base + "deployment.yaml",
								doc -> Trees.map(Trees.at(doc, "spec", "template", "metadata", "labels")).remove("app"))),
				breaks("labels", "a wrong part-of label", "NetworkPolicy payments-network-policy",
						files -> edit(files, base + "networkpolicy.yaml",
								doc -> labels(doc).put("app.kubernetes.io/part-of", "other"))),
				breaks("labels.version", "a version label that is not the tag", "9.9.9",
						files -> edit(files, production + "kustomization.yaml", doc -> Trees
							.map(Trees.maps(doc.get("labels")).get(0).get("pairs"))
							.put("app.kubernetes.io/version", "9.9.9"))),
				warns("labels.version", "no version label", "overlays/production leaves",
						files -> edit(files, production + "kustomization.yaml", doc -> doc.remove("labels"))),
				breaks("names", "a label value Kubernetes refuses", "app.kubernetes.io/component",
						files -> edit(files, base + "service.yaml",
								doc -> labels(doc).put("app.kubernetes.io/component", "back end"))),
				breaks("template-pack", "a resource without its pack annotation", "Service payments",
						files -> edit(files, base + "service.yaml",
								doc -> Trees.map(Trees.at(doc, "metadata", "annotations")).remove("slipway.io/template-pack"))),
				breaks("template-pack", "no render record", "render record",
						files -> remove(files, "services/payments/slipway.yaml")),
				breaks("probes", "no readiness probe", "readinessProbe",
						files -> edit(files, base + "deployment.yaml", doc -> container(doc).remove("readinessProbe"))),
				breaks("probes", "a TCP liveness probe on an HTTP service", "livenessProbe",
						files -> edit(files, base + "deployment.yaml",
								doc -> container(doc).put("livenessProbe", map("tcpSocket", map("port", 8080))))),
				breaks("metrics", "no scrape annotation", "prometheus.io/scrape",
						files -> edit(files, base + "deployment.yaml", doc -> Trees
							.map(Trees.at(doc, "spec", "template", "metadata", "annotations"))
							.remove("prometheus.io/scrape"))),
				breaks("metrics", "a scrape port that is not the metrics port", "prometheus.io/port",
						files -> edit(files, base + "deployment.yaml", doc -> Trees
							.map(Trees.at(doc, "spec", "template", "metadata", "annotations"))
							.put("prometheus.io/port", "9999"))),
				breaks("resources", "no limits in production", "environment production",
						files -> edit(files, production + "patches/resources.yaml",
								doc -> Trees.map(container(doc).get("resources")).remove("limits"))),
				breaks("replicas", "other replicas than the spec", "replicas is 2",
						files -> edit(files, production + "patches/replicas.yaml",
								doc -> Trees.map(doc.get("spec")).put("replicas", 2))),
				breaks("replicas", "replicas written as text", "whole number",
						files -> edit(files, production + "patches/replicas.yaml",
								doc -> Trees.map(doc.get("spec")).put("replicas", "3"))),
				breaks("hpa", "an HPA with another name", "no HorizontalPodAutoscaler payments-hpa",
						files -> edit(files, base + "hpa.yaml", doc -> Trees.map(doc.get("metadata")).put("name", "payments-scaler"))),
				breaks("hpa", "an HPA scaling something else", "must scale Deployment payments",
						files -> edit(files, base + "hpa.yaml",
								doc -> Trees.map(Trees.at(doc, "spec", "scaleTargetRef")).put("name", "ledger"))),
				breaks("network-policy", "no egress to PgBouncer", "TCP 5432",
						files -> edit(files, base + "networkpolicy.yaml",
								doc -> Trees.list(Trees.at(doc, "spec", "egress")).remove(0))),
				breaks("network-policy", "no DNS", "DNS",
						files -> edit(files, base + "networkpolicy.yaml",
								doc -> Trees.list(Trees.at(doc, "spec", "egress")).remove(2))),
				breaks("network-policy", "no ingress from the ingress namespace", "ingress-nginx",
						files -> edit(files, base + "networkpolicy.yaml", doc -> Trees
							.list(Trees.at(doc, "spec", "ingress"))
							.remove(0))),
				breaks("network-policy", "no NetworkPolicy", "no NetworkPolicy payments-network-policy",
						files -> remove(files, base + "networkpolicy.yaml")),
				breaks("secrets", "a secret written as a plain value", "DATABASE_PASSWORD",
						files -> edit(files, base + "deployment.yaml", doc -> {
							Map<String, Object> variable = env(doc, "DATABASE_PASSWORD");
							variable.remove("valueFrom");
							variable.put("value", "hunter2");
						})),
				breaks("secrets", "a Secret object in Git", "Secret payments-db",
						files -> add(files, base + "secret.yaml",
								"apiVersion: v1\nkind: Secret\nmetadata:\n  name: payments-db\nstringData:\n  password: x\n")),
				breaks("database", "PostgreSQL reached directly", "PgBouncer",
						files -> edit(files, base + "deployment.yaml",
								doc -> env(doc, "DATABASE_HOST").put("value", "postgres.database.svc.cluster.local"))),
				breaks("database", "no REDIS_HOST", "REDIS_HOST",
						files -> edit(files, base + "deployment.yaml",
								doc -> Trees.list(container(doc).get("env")).remove(env(doc, "REDIS_HOST")))),
				breaks("env", "a variable set twice", "LOG_LEVEL twice",
						files -> edit(files, base + "deployment.yaml",
								doc -> Trees.list(container(doc).get("env")).add(map("name", "LOG_LEVEL", "value", "debug")))),
				breaks("overlay", "no namespace", "must set namespace goapps-production",
						files -> edit(files, production + "kustomization.yaml", doc -> doc.remove("namespace"))),
				breaks("overlay", "another tag than the spec", "newTag is 1.4.0",
						files -> edit(files, production + "kustomization.yaml",
								doc -> Trees.maps(doc.get("images")).get(0).put("newTag", "1.4.0"))),
				breaks("overlay", "an images entry that matches no image", "no images entry",
						files -> edit(files, production + "kustomization.yaml",
								doc -> Trees.maps(doc.get("images")).get(0).put("name", "payments"))),
				breaks("overlay", "a patch that repeats the base", "repeats the base's value",
						files -> edit(files, production + "patches/resources.yaml",
								doc -> container(doc).put("image", "ghcr.io/acme/payments"))),
				breaks("argocd", "no Application", "no Argo CD Application payments-production",
						files -> remove(files, application)),
				breaks("argocd", "no finalizer", "finalizer",
						files -> edit(files, application, doc -> Trees.map(doc.get("metadata")).remove("finalizers"))),
				breaks("argocd", "no prune", "prune and selfHeal",
						files -> edit(files, application,
								doc -> Trees.map(Trees.at(doc, "spec", "syncPolicy", "automated")).put("prune", false))),
				breaks("argocd", "no CreateNamespace", "CreateNamespace=true",
						files -> edit(files, application,
								doc -> Trees.list(Trees.at(doc, "spec", "syncPolicy", "syncOptions")).remove("CreateNamespace=true"))),
				breaks("argocd", "the wrong project", "spec.project",
						files -> edit(files, application, doc -> Trees.map(doc.get("spec")).put("project", "default"))),
				breaks("argocd", "a path that is no overlay", "is not an overlay",
						files -> edit(files, application,
								doc -> Trees.map(Trees.at(doc, "spec", "source")).put("path", "services/payments/overlays/prod"))));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("breakages")
	void eachRuleFailsWhenItIsBroken(String rule, String breakage, String mention, Status status,
			UnaryOperator<List<RenderedFile>> change) {
		List<RenderedFile> files = change.apply(PACKS.get("goapps").render(Fixtures.payments()));
		List<Check> checks = ManifestChecks.run(Fixtures.payments(), files);
		assertThat(checks).filteredOn(check -> check.rule().equals(rule))
			.as("checks for %s", rule)
			.anySatisfy(check -> {
				assertThat(check.status()).isEqualTo(status);
				assertThat(check.message()).contains(mention);
			})
			.noneMatch(check -> check.status() == Status.PASS);
		assertThat(checks).noneMatch(check -> check.message().contains("could not run"));
	}

	@Test
	void productionNeverRunsLatest() {
		Map<String, Object> values = Fixtures.payments();
		Trees.maps(values.get("environments")).get(1).put("imageTag", "latest");
		List<Check> checks = ManifestChecks.run(values, PACKS.get("goapps").render(values));
		assertThat(checks).filteredOn(check -> check.rule().equals("image.tag"))
			.isNotEmpty()
			.allSatisfy(check -> assertThat(check.status()).isEqualTo(Status.FAIL))
			.anySatisfy(check -> assertThat(check.message()).contains("environment production"));
	}

	@Test
	void aPackagesServiceWithoutDevOverlayWarnsForTilt() {
		Map<String, Object> values = Fixtures.payments();
		Trees.list(values.get("environments")).remove(0);
		List<Check> checks = ManifestChecks.run(values, PACKS.get("packages").render(values));
		assertThat(checks).filteredOn(check -> check.rule().equals("tilt"))
			.singleElement()
			.satisfies(check -> assertThat(check.message()).contains("k8s/overlays/dev/kustomization.yaml"));
	}

	private static Arguments breaks(String rule, String breakage, String mention,
			UnaryOperator<List<RenderedFile>> change) {
		return Arguments.of(rule, breakage, mention, Status.FAIL, change);
	}

	private static Arguments warns(String rule, String breakage, String mention,
			UnaryOperator<List<RenderedFile>> change) {
		return Arguments.of(rule, breakage, mention, Status.WARN, change);
	}

	private static Map<String, Object> labels(Map<String, Object> doc) {
		return Trees.map(Trees.at(doc, "metadata", "labels"));
	}

	private static Map<String, Object> container(Map<String, Object> doc) {
		return Trees.maps(Trees.at(doc, "spec", "template", "spec", "containers")).get(0);
	}

	private static Map<String, Object> env(Map<String, Object> doc, String name) {
		return Trees.maps(container(doc).get("env"))
			.stream()
			.filter(variable -> name.equals(variable.get("name")))
			.findFirst()
			.orElseThrow();
	}

	static List<RenderedFile> edit(List<RenderedFile> files, String path, Consumer<Map<String, Object>> change) {
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()), new org.yaml.snakeyaml.representer.Representer(options),
				options);
		List<RenderedFile> out = new ArrayList<>();
		boolean found = false;
		for (RenderedFile file : files) {
			if (file.path().equals(path)) {
				Map<String, Object> doc = yaml.load(file.content());
				change.accept(doc);
				out.add(new RenderedFile(file.path(), yaml.dump(doc)));
				found = true;
			}
			else {
				out.add(file);
			}
		}
		assertThat(found).as("file %s exists", path).isTrue();
		return out;
	}

	static List<RenderedFile> replace(List<RenderedFile> files, String path, String content) {
		return files.stream().map(file -> file.path().equals(path) ? new RenderedFile(path, content) : file).toList();
	}

	static List<RenderedFile> remove(List<RenderedFile> files, String path) {
		assertThat(files).extracting(RenderedFile::path).contains(path);
		return files.stream().filter(file -> !file.path().equals(path)).toList();
	}

	static List<RenderedFile> add(List<RenderedFile> files, String path, String content) {
		List<RenderedFile> out = new ArrayList<>(files);
		out.add(new RenderedFile(path, content));
		return out;
	}

}
