package io.slipway.catalog;

import java.time.Instant;

/**
 * What Argo CD reports in most of the catalog's tests: payments in staging synced to the
 * promotion and healthy, payments in production synced but running an older image than Git
 * declares (drift), storefront unknown to Argo CD.
 */
final class CatalogScenario {

	static final String PAYMENTS_IMAGE = "registry.example/goapps/payments";

	private CatalogScenario() {
	}

	static void standard(InMemoryArgoCdApplications cache, StubArgoCdClient client, CatalogServices git) {
		cache.clear();
		cache.state(InMemoryArgoCdApplications.streaming());
		client.reset();
		cache.put(Applications.of("payments", "staging")
			.sync("Synced", git.promoted)
			.health("Healthy", null)
			.images(PAYMENTS_IMAGE + ":1.4.0", "docker.io/istio/proxyv2:1.20.0")
			.synced(git.added, CatalogServices.FIRST_SYNC, null)
			.synced(git.promoted, CatalogServices.SECOND_SYNC, "dana")
			.operation("Succeeded", "successfully synced (all tasks run)", CatalogServices.SECOND_SYNC.minusSeconds(30),
					CatalogServices.SECOND_SYNC)
			.build());
		cache.put(Applications.of("payments", "production")
			.sync("Synced", git.added)
			.health("Healthy", null)
			.images(PAYMENTS_IMAGE + ":1.2.9")
			.synced(git.added, Instant.parse("2026-11-19T12:00:00Z"), "oncall")
			.build());
	}

}
