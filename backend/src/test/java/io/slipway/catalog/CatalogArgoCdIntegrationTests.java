package io.slipway.catalog;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import io.slipway.argocd.fake.FakeArgoCd;
import io.slipway.gitops.GitOpsRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalog against the fake Argo CD through the real client and cache: the matrix and the API
 * show what Argo CD reports and follow its changes, pages never list applications, and Sync goes
 * to Argo CD, is audited, and passes Argo CD's refusal on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:catalog-argocd-${random.uuid};DB_CLOSE_DELAY=-1",
				"slipway.git.mode=direct", "slipway.security.users[0].name=viewer",
				"slipway.security.users[0].password={noop}viewer-pw", "slipway.security.users[0].roles=viewer",
				"slipway.security.users[1].name=developer", "slipway.security.users[1].password={noop}developer-pw",
				"slipway.security.users[1].roles=developer" })
@AutoConfigureWebTestClient(timeout = "30s")
@Import(CatalogArgoCdIntegrationTests.GitServices.class)
@DirtiesContext
class CatalogArgoCdIntegrationTests {

	private static final Duration SEEN = Duration.ofSeconds(20);

	private static final FakeArgoCd argoCd = FakeArgoCd.start();

	static {
		argoCd.createApplication("payments-staging", "goapps", "https://git.example/infra.git",
				"services/payments/overlays/staging", "goapps-staging", "1.4.0");
		argoCd.createApplication("payments-production", "goapps", "https://git.example/infra.git",
				"services/payments/overlays/production", "goapps-production", "1.3.0");
	}

	@TempDir
	static Path dataDir;

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void connectToTheFake(DynamicPropertyRegistry registry) {
		registry.add("slipway.data-dir", () -> dataDir.toString());
		registry.add("slipway.argocd.url", () -> argoCd.url().toString());
		registry.add("slipway.argocd.token", argoCd::token);
	}

	@AfterAll
	static void stopTheFake() {
		argoCd.close();
	}

	@Test
	void theMatrixShowsWhatArgoCdReportsFollowsItsChangesAndNeverListsPerPageView() {
		await().atMost(SEEN).untilAsserted(() -> get("/api/v1/services/payments").expectBody()
			.jsonPath("$.environments[0].argocd.healthStatus").isEqualTo("Healthy")
			.jsonPath("$.environments[0].argocd.liveImageTag").isEqualTo("1.4.0")
			.jsonPath("$.environments[0].argocd.cache.mode").isEqualTo("STREAMING")
			.jsonPath("$.environments[0].drift").isEqualTo(false)
			// Git declares 1.3.0 for production too
			.jsonPath("$.environments[1].drift").isEqualTo(false));
		// storefront has no application in Argo CD
		get("/api/v1/services/storefront").expectBody().jsonPath("$.environments[0].driftReason").isEqualTo("MISSING");

		int lists = argoCd.requestCount("GET", "/api/v1/applications");
		for (int i = 0; i < 5; i++) {
			assertThat(page("/services")).contains("id=\"service-payments\"");
		}
		assertThat(argoCd.requestCount("GET", "/api/v1/applications")).as("Argo CD calls by five page views")
			.isEqualTo(lists);

		argoCd.setHealth("payments-production", "Degraded", "Back-off pulling image");
		await().atMost(SEEN)
			.untilAsserted(() -> assertThat(Html.cells(Html.element(page("/services"), "tr", "service-payments")).get(1))
				.contains("Synced Degraded"));
	}

	@Test
	void anApplicationOutsideArgoCdsNamespaceIsReadAndRefreshedInItsNamespace() {
		argoCd.setNamespace("payments-staging", "team-payments");
		try {
			// the cache carries the namespace from Argo CD's stream to the page's link and calls
			await().atMost(SEEN)
				.untilAsserted(() -> assertThat(page("/services/payments"))
					.contains("/applications/team-payments/payments-staging"));

			post("/api/v1/services/payments/environments/staging/refresh").expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.application").isEqualTo("payments-staging");
			assertThat(page("/services/payments/environments/staging/resources")).contains("Deployment")
				.doesNotContain("Argo CD could not say");
		}
		finally {
			argoCd.setNamespace("payments-staging", "argocd");
		}
	}

	@Test
	void aSyncGoesToArgoCdIsAuditedAndASecondOneIsRefusedInArgoCdsWords() {
		await().atMost(SEEN)
			.untilAsserted(() -> get("/api/v1/services/payments").expectBody()
				.jsonPath("$.environments[0].argocd.found").isEqualTo(true));
		argoCd.setSyncDuration(Duration.ofSeconds(5));
		try {
			post("/api/v1/services/payments/environments/staging/sync").expectStatus().isAccepted();
			assertThat(argoCd.requestCount("POST", "/api/v1/applications/payments-staging/sync")).isEqualTo(1);

			post("/api/v1/services/payments/environments/staging/sync").expectStatus()
				.isEqualTo(409)
				.expectBody()
				.jsonPath("$.detail").isEqualTo("another operation is already in progress");
		}
		finally {
			argoCd.setSyncDuration(Duration.ZERO);
		}
		get("/api/v1/audit?action=application.sync-requested").expectBody()
			.jsonPath("$.length()").isEqualTo(1)
			.jsonPath("$[0].actor").isEqualTo("developer")
			.jsonPath("$[0].details.application").isEqualTo("payments-staging");
	}

	@Test
	void theSyncedRevisionsAuthorAndMessageComeFromArgoCd() {
		JsonNode service = await().atMost(SEEN).until(() -> get("/api/v1/services/payments").expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody(), (json) -> json.at("/environments/1/argocd/revision").isString());
		String revision = service.at("/environments/1/argocd/revision").asString();
		argoCd.setRevisionMetadata(revision, "Olga Oncall <olga@example.com>", Instant.parse("2026-11-22T10:00:00Z"),
				"chore(payments): promote 1.3.0 to production");

		String fragment = this.client.get()
			.uri("/services/payments/environments/production/revision")
			.header("HX-Request", "true")
			.headers((headers) -> headers.setBasicAuth("viewer", "viewer-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(Html.text(fragment)).isEqualTo("chore(payments): promote 1.3.0 to production by Olga Oncall "
				+ "<olga@example.com> 2026-11-22 10:00 UTC");
	}

	private WebTestClient.ResponseSpec get(String path) {
		return this.client.get().uri(path).headers((headers) -> headers.setBasicAuth("viewer", "viewer-pw")).exchange();
	}

	private WebTestClient.ResponseSpec post(String path) {
		return this.client.post()
			.uri(path)
			.headers((headers) -> headers.setBasicAuth("developer", "developer-pw"))
			.exchange();
	}

	private String page(String path) {
		return get(path).expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
	}

	/** The catalog's services in Git, without replacing Argo CD. */
	@TestConfiguration(proxyBeanMethods = false)
	static class GitServices {

		@Bean
		CatalogServices catalogServices(GitOpsRepository gitOps) {
			return new CatalogServices(gitOps);
		}

	}

}
