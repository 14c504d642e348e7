package io.slipway;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chart that installs Slipway: it must lint cleanly and render what an operator relies on
 * (probes, non-root, read-only cluster access, one writer for the embedded database).
 */
class HelmChartTests {

	private static final Path CHART = Path.of("..", "helm", "slipway").toAbsolutePath().normalize();

	@Test
	void chartLintsStrictly() {
		LintResult result = new Helm(CHART).lint().strict().call();

		assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
	}

	@Test
	@SuppressWarnings("unchecked")
	void defaultInstallRunsOneNonRootReplicaWithProbesAndAVolume() {
		List<Map<String, Object>> manifests = render(new Helm(CHART).template().withName("slipway"));

		Map<String, Object> deployment = find(manifests, "Deployment");
		Map<String, Object> spec = (Map<String, Object>) deployment.get("spec");
		assertThat(spec).containsEntry("replicas", 1);
		assertThat((Map<String, Object>) spec.get("strategy")).containsEntry("type", "Recreate");
		Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
		assertThat((Map<String, Object>) pod.get("securityContext")).containsEntry("runAsNonRoot", true);
		Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
		assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
		assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
		assertThat((List<Map<String, Object>>) container.get("env")).extracting(env -> env.get("name"))
			.contains("SLIPWAY_DATA_DIR", "SPRING_CONFIG_ADDITIONAL_LOCATION")
			.doesNotContain("SPRING_DATASOURCE_URL");
		assertThat((List<Map<String, Object>>) container.get("env")).as("one JVM per container, no launcher")
			.contains(Map.of("name", "SLIPWAY_LAUNCHER", "value", "false"));
		assertThat(find(manifests, "PersistentVolumeClaim")).isNotNull();
		Map<String, Object> config = find(manifests, "ConfigMap");
		assertThat((String) ((Map<String, Object>) config.get("data")).get("application.yaml"))
			.contains("environment-order: staging,production");
	}

	@Test
	@SuppressWarnings("unchecked")
	void clusterAccessIsReadOnly() {
		List<Map<String, Object>> manifests = render(new Helm(CHART).template().withName("slipway"));

		List<Map<String, Object>> rules = (List<Map<String, Object>>) find(manifests, "ClusterRole").get("rules");
		assertThat(rules).isNotEmpty()
			.allSatisfy(rule -> assertThat((List<String>) rule.get("verbs")).isSubsetOf("get", "list", "watch"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void clusterAccessCoversBackupCronJobsTheirJobsAndVelero() {
		List<Map<String, Object>> manifests = render(new Helm(CHART).template().withName("slipway"));

		List<Map<String, Object>> rules = (List<Map<String, Object>>) find(manifests, "ClusterRole").get("rules");
		assertThat(rules).anySatisfy((rule) -> {
			assertThat((List<String>) rule.get("apiGroups")).containsExactly("batch");
			assertThat((List<String>) rule.get("resources")).contains("cronjobs", "jobs");
			assertThat((List<String>) rule.get("verbs")).contains("get", "list");
		});
		assertThat(rules).anySatisfy((rule) -> {
			assertThat((List<String>) rule.get("apiGroups")).containsExactly("velero.io");
			assertThat((List<String>) rule.get("resources")).contains("schedules", "backups");
			assertThat((List<String>) rule.get("verbs")).contains("get", "list");
		});
		Map<String, Object> binding = find(manifests, "ClusterRoleBinding");
		assertThat(path(binding, "roleRef", "name")).isEqualTo(path(find(manifests, "ClusterRole"), "metadata", "name"));
		assertThat(((List<Map<String, Object>>) binding.get("subjects")).get(0))
			.containsEntry("kind", "ServiceAccount")
			.containsEntry("name", path(find(manifests, "ServiceAccount"), "metadata", "name"));
	}

	@Test
	void clusterAccessCanBeLeftToTheOperator() {
		List<Map<String, Object>> manifests = render(new Helm(CHART).template().withName("slipway").set("rbac.create", false));

		assertThat(manifests).extracting((manifest) -> manifest.get("kind"))
			.doesNotContain("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");
	}

	@Test
	void severalReplicasNeedASharedDatabase() {
		assertThatThrownBy(() -> new Helm(CHART).template().withName("slipway").set("replicaCount", 2).call())
			.hasMessageContaining("replicaCount > 1 needs a shared PostgreSQL");
	}

	@Test
	@SuppressWarnings("unchecked")
	void severalReplicasRollWithPostgres() {
		List<Map<String, Object>> manifests = render(new Helm(CHART).template()
			.withName("slipway")
			.set("replicaCount", 3)
			.set("database.url", "jdbc:postgresql://db:5432/slipway")
			.set("envFromSecrets[0]", "slipway-secrets"));

		Map<String, Object> spec = (Map<String, Object>) find(manifests, "Deployment").get("spec");
		assertThat(spec).containsEntry("replicas", 3).doesNotContainKey("strategy");
		Map<String, Object> container = ((List<Map<String, Object>>) path(spec, "template", "spec", "containers")).get(0);
		assertThat((List<Map<String, Object>>) container.get("env")).extracting(env -> env.get("name"))
			.contains("SPRING_DATASOURCE_URL");
		assertThat((List<Map<String, Object>>) container.get("envFrom"))
			.containsExactly(Map.of("secretRef", Map.of("name", "slipway-secrets")));
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> render(com.marcnuri.helm.TemplateCommand command) {
		List<Map<String, Object>> manifests = new ArrayList<>();
		for (Object document : new Yaml().loadAll(command.call())) {
			if (document != null) {
				manifests.add((Map<String, Object>) document);
			}
		}
		return manifests;
	}

	private static Map<String, Object> find(List<Map<String, Object>> manifests, String kind) {
		return manifests.stream()
			.filter(manifest -> kind.equals(manifest.get("kind")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " rendered"));
	}

	@SuppressWarnings("unchecked")
	private static Object path(Map<String, Object> root, String... keys) {
		Object current = root;
		for (String key : keys) {
			current = ((Map<String, Object>) current).get(key);
		}
		return current;
	}

}
