package io.slipway.onboarding;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.slipway.platform.Environment;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The values tree a template pack renders from: environments in promotion order with what
 * configuration says about them, optional parts absent when the spec leaves them out.
 */
class ServiceValuesTests {

	private static final List<Environment> ENVIRONMENTS = List.of(
			new Environment("staging", "shop-staging", "shop", 0, Duration.ZERO, List.of(), true),
			new Environment("production", "shop-production", "shop-prod", 1, Duration.ofHours(24), List.of(), true));

	@Test
	void listsEnvironmentsInPromotionOrderWithTheirNamespaceProjectAndProductionFlag() {
		ServiceSpec spec = read(Specs.named("orders", (node) -> {
			// the spec names production first; promotion order still puts staging first
			ObjectNode environments = (ObjectNode) node.get("environments");
			ObjectNode staging = (ObjectNode) environments.remove("staging");
			environments.set("staging", staging);
		}));

		Map<String, Object> values = ServiceValues.of(spec, ENVIRONMENTS, ServiceValues.platform("https://git.example/infra.git"));

		List<Object> environments = list(values.get("environments"));
		assertThat(environments.stream().map((environment) -> map(environment).get("name")).toList())
			.containsExactly("staging", "production");
		Map<String, Object> production = map(environments.get(1));
		assertThat(production.get("namespace")).isEqualTo("shop-production");
		assertThat(production.get("argocdProject")).isEqualTo("shop-prod");
		assertThat(production.get("production")).isEqualTo(true);
		assertThat(map(environments.get(0)).get("production")).isEqualTo(false);
		assertThat(production.get("replicas")).isEqualTo(3);
		assertThat(map(map(production.get("resources")).get("limits")).get("memory")).isEqualTo("1Gi");
		assertThat(map(values.get("platform")).get("repoUrl")).isEqualTo("https://git.example/infra.git");
	}

	@Test
	void leavesOutWhatTheSpecLeavesOutAndDerivesTheDependencyFlags() {
		ServiceSpec spec = read(Specs.named("worker", (node) -> {
			node.putObject("ports").put("grpc", 50051);
			node.putArray("dependencies").add("redis");
			node.putObject("hpa").putNull("memory");
		}));

		Map<String, Object> service = map(
				ServiceValues.of(spec, ENVIRONMENTS, ServiceValues.platform("x")).get("service"));

		assertThat(map(service.get("ports"))).containsOnlyKeys("grpc");
		assertThat(service).doesNotContainKey("ingressHost");
		assertThat(map(service.get("hpa"))).doesNotContainKey("memory");
		assertThat(service.get("postgres")).isEqualTo(false);
		assertThat(service.get("redis")).isEqualTo(true);
		assertThat(service.get("dependencies")).isEqualTo(List.of("redis"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object value) {
		return (List<Object>) value;
	}

	private static ServiceSpec read(byte[] json) {
		return new ServiceSpecReader().read(json);
	}

}
