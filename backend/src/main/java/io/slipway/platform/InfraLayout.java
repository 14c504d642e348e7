package io.slipway.platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The default layout of the infra repository from the infra rules: a README, one AppProject per
 * Argo CD project, a folder of Applications per environment and the services folder. Manifests
 * are built as trees and dumped, never formatted as text, so configuration values stay scalars.
 */
class InfraLayout {

	static final String KEEP = ".gitkeep";

	private final Environments environments;

	InfraLayout(Environments environments) {
		this.environments = environments;
	}

	/** Path to content of every file the seed commit writes, in a stable order. */
	Map<String, String> seedFiles(String repositoryUrl) {
		Map<String, String> files = new LinkedHashMap<>();
		files.put("README.md", readme());
		for (String project : this.environments.argoCdProjects()) {
			files.put("argocd/projects/" + project + ".yaml", dump(appProject(project, repositoryUrl)));
		}
		for (Environment environment : this.environments.all()) {
			files.put("argocd/apps/" + environment.name() + "/" + KEEP, "");
		}
		files.put("services/" + KEEP, "");
		return files;
	}

	Map<String, Object> appProject(String project, String repositoryUrl) {
		List<Environment> members = this.environments.all()
			.stream()
			.filter(environment -> environment.argoCdProject().equals(project))
			.toList();
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("name", project);
		metadata.put("namespace", "argocd");
		metadata.put("labels", Map.of("app.kubernetes.io/part-of", project));

		List<Map<String, Object>> destinations = new ArrayList<>();
		for (Environment environment : members) {
			Map<String, Object> destination = new LinkedHashMap<>();
			destination.put("server", "https://kubernetes.default.svc");
			destination.put("namespace", environment.namespace());
			destinations.add(destination);
		}
		Map<String, Object> spec = new LinkedHashMap<>();
		spec.put("description", "Services of " + project + " ("
				+ String.join(", ", members.stream().map(Environment::name).toList()) + "), managed through Slipway");
		// Argo CD cannot reach the embedded file:// repository, so without a real remote the
		// project accepts any source; with one it is pinned to the infra repository.
		spec.put("sourceRepos", List.of(isNetworkUrl(repositoryUrl) ? repositoryUrl : "*"));
		spec.put("destinations", destinations);
		// Applications sync with CreateNamespace=true, which needs Namespace at cluster scope.
		spec.put("clusterResourceWhitelist", List.of(groupKind("", "Namespace")));
		spec.put("namespaceResourceWhitelist", List.of(groupKind("*", "*")));
		spec.put("orphanedResources", Map.of("warn", true));

		Map<String, Object> root = new LinkedHashMap<>();
		root.put("apiVersion", "argoproj.io/v1alpha1");
		root.put("kind", "AppProject");
		root.put("metadata", metadata);
		root.put("spec", spec);
		return root;
	}

	private String readme() {
		StringBuilder readme = new StringBuilder();
		readme.append("# Infra repository\n\n");
		readme.append("Git is the source of truth for what runs where; Argo CD syncs it. Slipway writes this\n");
		readme.append("repository through change requests: onboard services, promote releases, roll back.\n\n");
		readme.append("```\n");
		readme.append("services/<service>/base/                 Kustomize base of each service\n");
		readme.append("services/<service>/overlays/<env>/       per-environment overlay (image tag, replicas, resources)\n");
		readme.append("argocd/apps/<env>/<service>.yaml         Argo CD Application \"<service>-<env>\"\n");
		readme.append("argocd/projects/<project>.yaml           Argo CD AppProject\n");
		readme.append("```\n\n");
		readme.append("Environments, in promotion order:\n\n");
		readme.append("| environment | namespace | Argo CD project |\n|---|---|---|\n");
		for (Environment environment : this.environments.all()) {
			readme.append("| ").append(environment.name()).append(" | ").append(environment.namespace()).append(" | ")
				.append(environment.argoCdProject()).append(" |\n");
		}
		readme.append("\nCommit messages follow `<type>(<scope>): <description>`; never commit secrets.\n");
		return readme.toString();
	}

	private static Map<String, Object> groupKind(String group, String kind) {
		Map<String, Object> groupKind = new LinkedHashMap<>();
		groupKind.put("group", group);
		groupKind.put("kind", kind);
		return groupKind;
	}

	private static boolean isNetworkUrl(String url) {
		return url.startsWith("https://") || url.startsWith("http://") || url.startsWith("ssh://")
				|| url.matches("^[\\w.-]+@[\\w.-]+:.*");
	}

	static String dump(Map<String, Object> tree) {
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		options.setIndicatorIndent(0);
		options.setIndent(2);
		options.setPrettyFlow(true);
		options.setWidth(120);
		return new Yaml(options).dump(tree);
	}

}
