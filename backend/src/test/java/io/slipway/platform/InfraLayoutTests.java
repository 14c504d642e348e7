package io.slipway.platform;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

class InfraLayoutTests {

	private final InfraLayout layout = new InfraLayout(
			new Environments(new PlatformProperties(List.of("staging", "production"), Map.of())));

	@Test
	void seedsTheDefaultLayout() {
		Map<String, String> files = this.layout.seedFiles("file:///srv/infra.git");

		assertThat(files).containsOnlyKeys("README.md", "argocd/projects/goapps.yaml", "argocd/apps/staging/.gitkeep",
				"argocd/apps/production/.gitkeep", "services/.gitkeep");
		assertThat(files.get("README.md")).contains("| production | goapps-production | goapps |");
	}

	@Test
	@SuppressWarnings("unchecked")
	void appProjectAllowsEachEnvironmentNamespaceAndNamespaceCreation() {
		String yaml = this.layout.seedFiles("https://git.example.com/platform/infra.git")
			.get("argocd/projects/goapps.yaml");

		Map<String, Object> project = new Yaml().load(yaml);
		assertThat(project).containsEntry("apiVersion", "argoproj.io/v1alpha1").containsEntry("kind", "AppProject");
		Map<String, Object> metadata = (Map<String, Object>) project.get("metadata");
		assertThat(metadata).containsEntry("name", "goapps").containsEntry("namespace", "argocd");
		Map<String, Object> spec = (Map<String, Object>) project.get("spec");
		assertThat((List<String>) spec.get("sourceRepos")).containsExactly("https://git.example.com/platform/infra.git");
		assertThat((List<Map<String, Object>>) spec.get("destinations")).extracting(d -> d.get("namespace"))
			.containsExactly("goapps-staging", "goapps-production");
		assertThat((List<Map<String, Object>>) spec.get("clusterResourceWhitelist"))
			.containsExactly(Map.of("group", "", "kind", "Namespace"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void embeddedRepositoryIsNotPinnedBecauseArgoCdCannotReachIt() {
		Map<String, Object> project = new Yaml()
			.load(this.layout.seedFiles("file:///srv/infra.git").get("argocd/projects/goapps.yaml"));

		assertThat((List<String>) ((Map<String, Object>) project.get("spec")).get("sourceRepos")).containsExactly("*");
	}

	@Test
	void separateProjectsGetSeparateFiles() {
		InfraLayout split = new InfraLayout(new Environments(new PlatformProperties(List.of("staging", "production"),
				Map.of("production", new PlatformProperties.EnvironmentSettings(null, "goapps-prod", null, null, null, null)))));

		assertThat(split.seedFiles("*")).containsKeys("argocd/projects/goapps.yaml", "argocd/projects/goapps-prod.yaml");
		assertThat(split.seedFiles("*").get("argocd/projects/goapps-prod.yaml")).contains("goapps-production")
			.doesNotContain("goapps-staging");
	}

	@Test
	void outputIsStable() {
		assertThat(this.layout.seedFiles("*")).isEqualTo(this.layout.seedFiles("*"));
	}

}
