package io.slipway.onboarding;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.slipway.platform.Environment;
import io.slipway.templates.RenderedFile;
import io.slipway.templates.TemplatePacks;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A platform whose namespaces and hosts differ from the infra rules' sets them once in
 * {@code slipway.platform.*}, and every rendered service follows.
 */
class PlatformConventionsTests {

	private static final List<Environment> ENVIRONMENTS = List.of(
			new Environment("staging", "goapps-staging", "goapps", 0, Duration.ZERO, List.of(), true),
			new Environment("production", "goapps-production", "goapps", 1, Duration.ofHours(24), List.of(), true));

	@Test
	void configuredConventionsReachTheRenderedManifests() {
		PlatformConventions conventions = new PlatformConventions("shop", "gitops", "data",
				"pgbouncer.data.svc.cluster.local", "cache.data.svc.cluster.local", "traefik", " ");
		ServiceSpec spec = new ServiceSpecReader().read(Specs.named("orders"));

		List<RenderedFile> files = TemplatePacks.builtIn()
			.get("goapps")
			.render(ServiceValues.of(spec, ENVIRONMENTS,
					ServiceValues.platform("https://git.example/infra.git", "release", conventions)));

		String deployment = content(files, "services/orders/base/deployment.yaml");
		assertThat(deployment).contains("app.kubernetes.io/part-of: shop")
			.contains("pgbouncer.data.svc.cluster.local")
			.doesNotContain("imagePullSecrets")
			.doesNotContain("part-of: goapps");
		assertThat(content(files, "services/orders/base/networkpolicy.yaml")).contains("traefik").contains("data");
		assertThat(content(files, "argocd/apps/production/orders.yaml")).contains("namespace: gitops")
			.contains("targetRevision: release");
	}

	@Test
	void defaultsAreTheInfraRules() {
		Map<String, Object> platform = ServiceValues.platform("x", "main", PlatformConventions.DEFAULTS);

		assertThat(platform).containsEntry("partOf", "goapps")
			.containsEntry("pgbouncerHost", "pgbouncer.database.svc.cluster.local")
			.containsEntry("ingressNamespace", "ingress-nginx")
			.containsEntry("imagePullSecret", "ghcr-secret");
	}

	@Test
	void aValueKubernetesWouldRefuseStopsTheStartNamingTheKey() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PlatformConventions("goapps", "argocd", "Data_Base", "pgbouncer", "redis",
					"ingress-nginx", null))
			.withMessageContaining("slipway.platform.database-namespace");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PlatformConventions("goapps", "argocd", "database", "pg bouncer", "redis",
					"ingress-nginx", null))
			.withMessageContaining("slipway.platform.pgbouncer-host");
	}

	private static String content(List<RenderedFile> files, String path) {
		return files.stream()
			.filter(file -> file.path().equals(path))
			.findFirst()
			.orElseThrow(() -> new AssertionError("not rendered: " + path))
			.content();
	}

}
