package io.slipway.catalog;


import io.slipway.argocd.ArgoCdApplications.CacheState;
import io.slipway.argocd.ArgoCdApplications.Mode;
import io.slipway.argocd.ArgoCdException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/v1/services}: the contract's fields as before, Argo CD's view and the drift per
 * environment added; Refresh and Sync for scripts, allowed by environment, audited, and Argo CD's
 * refusals passed on in its own words.
 */
@CatalogIntegrationTest
class CatalogApiTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private InMemoryArgoCdApplications cache;

	@Autowired
	private StubArgoCdClient argoCd;

	@Autowired
	private CatalogServices git;

	@BeforeEach
	void argoCdReportsTheStandardScenario() {
		CatalogScenario.standard(this.cache, this.argoCd, this.git);
	}

	@Test
	void aServiceCarriesGitsReleaseAndArgoCdsViewPerEnvironment() {
		get("/api/v1/services/payments", "viewer").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name").isEqualTo("payments")
			.jsonPath("$.path").isEqualTo("services/payments")
			.jsonPath("$.environments[0].name").isEqualTo("staging")
			.jsonPath("$.environments[0].overlay").isEqualTo("services/payments/overlays/staging")
			.jsonPath("$.environments[0].imageTag").isEqualTo("1.4.0")
			.jsonPath("$.environments[0].commit.id").isEqualTo(this.git.promoted)
			.jsonPath("$.environments[0].commit.author").isEqualTo("Dana Developer")
			.jsonPath("$.environments[0].argocd.application").isEqualTo("payments-staging")
			.jsonPath("$.environments[0].argocd.project").isEqualTo("goapps")
			.jsonPath("$.environments[0].argocd.found").isEqualTo(true)
			.jsonPath("$.environments[0].argocd.syncStatus").isEqualTo("Synced")
			.jsonPath("$.environments[0].argocd.revision").isEqualTo(this.git.promoted)
			.jsonPath("$.environments[0].argocd.healthStatus").isEqualTo("Healthy")
			.jsonPath("$.environments[0].argocd.images[0]").isEqualTo("registry.example/goapps/payments:1.4.0")
			.jsonPath("$.environments[0].argocd.liveImageTag").isEqualTo("1.4.0")
			.jsonPath("$.environments[0].argocd.lastSyncedAt").isEqualTo("2026-11-21T09:30:00Z")
			.jsonPath("$.environments[0].argocd.operation.phase").isEqualTo("Succeeded")
			.jsonPath("$.environments[0].argocd.cache.mode").isEqualTo("STREAMING")
			.jsonPath("$.environments[0].drift").isEqualTo(false)
			.jsonPath("$.environments[1].name").isEqualTo("production")
			.jsonPath("$.environments[1].imageTag").isEqualTo("1.3.0")
			.jsonPath("$.environments[1].argocd.liveImageTag").isEqualTo("1.2.9")
			.jsonPath("$.environments[1].drift").isEqualTo(true)
			.jsonPath("$.environments[1].driftReason").isEqualTo("IMAGE");
	}

	@Test
	void theListKeepsItsShapeAndSaysArgoCdIsNotConfigured() {
		this.cache.state(new CacheState(Mode.NOT_CONFIGURED, null, null, null, 0));

		get("/api/v1/services", "viewer").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(2)
			.jsonPath("$[0].name").isEqualTo("payments")
			.jsonPath("$[0].environments[0].imageTag").isEqualTo("1.4.0")
			.jsonPath("$[0].environments[0].argocd").isEmpty()
			.jsonPath("$[0].environments[0].drift").isEqualTo(false)
			.jsonPath("$[1].name").isEqualTo("storefront")
			.jsonPath("$[1].environments[1].overlay").isEmpty();
	}

	@Test
	void anApplicationArgoCdDoesNotKnowIsDrift() {
		get("/api/v1/services/storefront", "viewer").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.environments[0].argocd.application").isEqualTo("storefront-staging")
			.jsonPath("$.environments[0].argocd.found").isEqualTo(false)
			.jsonPath("$.environments[0].drift").isEqualTo(true)
			.jsonPath("$.environments[0].driftReason").isEqualTo("MISSING");
	}

	@Test
	void aDeveloperSyncsStagingAndTheSyncIsAudited() {
		post("/api/v1/services/payments/environments/staging/sync", "developer").expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.action").isEqualTo("sync")
			.jsonPath("$.application").isEqualTo("payments-staging")
			.jsonPath("$.revision").isEqualTo(this.git.promoted);

		assertThat(this.argoCd.calls()).containsExactly("sync payments-staging goapps");
		get("/api/v1/audit?action=application.sync-requested&actor=developer", "viewer").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].subject").isEqualTo("payments")
			.jsonPath("$[0].details.environment").isEqualTo("staging")
			.jsonPath("$[0].details.application").isEqualTo("payments-staging")
			.jsonPath("$[0].details.revision").isEqualTo(this.git.promoted);
	}

	@Test
	void aRefreshIsAuditedWithWhatArgoCdComparedWith() {
		post("/api/v1/services/payments/environments/production/refresh", "oncall").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.action").isEqualTo("refresh")
			.jsonPath("$.syncStatus").isEqualTo("Synced");

		get("/api/v1/audit?action=application.refresh-requested&actor=oncall", "viewer").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].subject").isEqualTo("payments")
			.jsonPath("$[0].details.environment").isEqualTo("production")
			.jsonPath("$[0].details.revision").isEqualTo(this.git.added);
	}

	@Test
	void productionIsForOnCallNotForDevelopers() {
		post("/api/v1/services/payments/environments/production/sync", "developer").expectStatus()
			.isForbidden()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("role oncall or admin required for POST /api/v1/services/payments/environments/production/sync");
		post("/api/v1/services/payments/environments/staging/sync", "viewer").expectStatus().isForbidden();
		assertThat(this.argoCd.calls()).isEmpty();

		post("/api/v1/services/payments/environments/production/sync", "oncall").expectStatus().isAccepted();
		assertThat(this.argoCd.calls()).containsExactly("sync payments-production goapps");
	}

	@Test
	void argoCdsRefusalIsPassedOnInItsOwnWordsAndNothingIsAudited() {
		this.argoCd.failNextCall(new ArgoCdException.Rejected("error syncing payments-staging: another operation is "
				+ "already in progress", 400, 9, "another operation is already in progress"));

		post("/api/v1/services/payments/environments/staging/sync", "admin").expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.detail").isEqualTo("another operation is already in progress")
			.jsonPath("$.argoCd.code").isEqualTo(9)
			.jsonPath("$.argoCd.httpStatus").isEqualTo(400);
		get("/api/v1/audit?action=application.sync-requested&actor=admin", "viewer").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(0);
	}

	@Test
	void anEnvironmentWithoutAnOverlayOrAnUnknownServiceIsNotFound() {
		post("/api/v1/services/storefront/environments/production/sync", "oncall").expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.detail").isEqualTo("service storefront has no overlay for environment production");
		get("/api/v1/services/no-such-service", "viewer").expectStatus().isNotFound();
		assertThat(this.argoCd.calls()).isEmpty();
	}

	private WebTestClient.ResponseSpec get(String path, String user) {
		return this.client.get().uri(path).headers((headers) -> headers.setBasicAuth(user, user + "-pw")).exchange();
	}

	private WebTestClient.ResponseSpec post(String path, String user) {
		return this.client.post().uri(path).headers((headers) -> headers.setBasicAuth(user, user + "-pw")).exchange();
	}

}
