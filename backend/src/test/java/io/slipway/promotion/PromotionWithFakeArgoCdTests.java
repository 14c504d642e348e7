package io.slipway.promotion;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.slipway.argocd.ArgoCdApplications;
import io.slipway.argocd.fake.FakeArgoCd;
import io.slipway.cluster.BackupFreshness;
import io.slipway.gitops.CommitRequest;
import io.slipway.gitops.GitOpsRepository;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Promotions against the contract-faithful fake Argo CD, through Slipway's real Argo CD client and
 * live cache (its event stream): the soak gate read from the source's history {@code deployedAt},
 * a freeze window refusing the request, the manual merge of an environment without auto-merge,
 * the target followed on the stream to Synced and Healthy at the merge revision, and a target
 * that turns Degraded failing the promotion with a rollback offer.
 * <p>
 * The fake does not read Git: when a promotion merges, a listener tells it about the new revision
 * ({@link FakeArgoCd#commit(String, String, String)}), as Argo CD's repository polling would, and
 * its auto-sync does the rest.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:promotion-argocd-${random.uuid};DB_CLOSE_DELAY=-1",
				"slipway.promotions.reconcile-interval=PT0.5S", "slipway.promotions.health-timeout=PT30S",
				"slipway.environment-order=dev,staging,production",
				"slipway.environments.staging.freeze-windows[0].from=2000-01-01",
				"slipway.environments.staging.freeze-windows[0].to=2100-01-01",
				"slipway.environments.staging.freeze-windows[0].reason=Quarter-end freeze",
				"slipway.environments.production.checklist=Team notified",
				"slipway.environments.production.auto-merge=false",
				"slipway.argocd.reconnect-delay=200ms", "slipway.argocd.stream-stable-after=500ms",
				"slipway.security.users[0].name=dave", "slipway.security.users[0].password={noop}dave-pw",
				"slipway.security.users[0].roles=developer",
				"slipway.security.users[1].name=bob", "slipway.security.users[1].password={noop}bob-pw",
				"slipway.security.users[1].roles=approver" })
@AutoConfigureWebTestClient(timeout = "30s")
@DirtiesContext
class PromotionWithFakeArgoCdTests {

	private static final Duration PATIENCE = Duration.ofSeconds(40);

	private static final FakeArgoCd argoCd = FakeArgoCd.start();

	private static final MockWebServer alertmanager = PromotionFixtures.quietAlertmanager();

	/** Services whose production rollout goes bad after the merge. */
	private static final Set<String> degrading = ConcurrentHashMap.newKeySet();

	static {
		argoCd.setSyncDuration(Duration.ofMillis(300));
	}

	@TempDir
	static Path dataDir;

	@DynamicPropertySource
	static void connect(DynamicPropertyRegistry registry) {
		registry.add("slipway.data-dir", () -> dataDir.toString());
		registry.add("slipway.argocd.url", () -> argoCd.url().toString());
		registry.add("slipway.argocd.token", argoCd::token);
		registry.add("slipway.alertmanager.url", () -> alertmanager.url("/").toString());
	}

	@AfterAll
	static void stop() throws IOException {
		argoCd.close();
		alertmanager.close();
	}

	@TestConfiguration
	static class GitSeenByArgoCd {

		@Bean
		@Primary
		BackupFreshness freshBackups() {
			return PromotionFixtures.freshBackups();
		}

		@Bean
		RepositoryPolling repositoryPolling() {
			return new RepositoryPolling();
		}

	}

	/** What Argo CD's repository polling would do when the main branch moves: see the merge. */
	static class RepositoryPolling {

		@EventListener
		void on(PromotionMerged merged) {
			String app = merged.service() + "-" + merged.to();
			if (degrading.contains(merged.service())) {
				// synced, and the new pods crash-loop
				argoCd.setHealth(app, "Degraded", "Back-off restarting failed container");
				argoCd.setSync(app, "Synced", merged.mergeCommit());
			}
			else {
				argoCd.commit(app, merged.mergeCommit(), merged.imageTag());
			}
		}

	}

	private static final String KUSTOMIZATION = """
			apiVersion: kustomize.config.k8s.io/v1beta1
			kind: Kustomization
			resources:
			  - ../../base
			images:
			  - name: ghcr.io/example-org/%s
			    newTag: %s # set by promotions
			""";

	@Autowired
	private WebTestClient web;

	private PromotionApi api;

	@BeforeEach
	void api() {
		this.api = new PromotionApi(this.web, "bob", PATIENCE);
	}

	@Autowired
	private GitOpsRepository gitOps;

	@Autowired
	private ArgoCdApplications cache;

	/**
	 * A service in Git (staging at 1.5.0, production at 1.4.0) and in the fake Argo CD, staging
	 * deployed {@code soaked} ago according to its history.
	 */
	private void seed(String service, Duration soaked) {
		this.gitOps.commit(CommitRequest.builder("feat(" + service + "): add deployment configuration")
			.put("services/" + service + "/base/kustomization.yaml", "resources: []\n")
			.put("services/" + service + "/overlays/dev/kustomization.yaml", KUSTOMIZATION.formatted(service, "1.6.0"))
			.put("services/" + service + "/overlays/staging/kustomization.yaml", KUSTOMIZATION.formatted(service, "1.5.0"))
			.put("services/" + service + "/overlays/production/kustomization.yaml",
					KUSTOMIZATION.formatted(service, "1.4.0"))
			.build()).block(PATIENCE);
		String repo = "https://git.example.com/infra.git";
		argoCd.createApplication(service + "-dev", "goapps", repo, "services/" + service + "/overlays/dev", "goapps-dev",
				"1.6.0");
		argoCd.createApplication(service + "-staging", "goapps", repo, "services/" + service + "/overlays/staging",
				"goapps-staging", "1.5.0");
		argoCd.createApplication(service + "-production", "goapps", repo,
				"services/" + service + "/overlays/production", "goapps-production", "1.4.0");
		// Argo CD's history says when staging got the candidate
		Instant deployedAt = Instant.now().minus(soaked).truncatedTo(ChronoUnit.SECONDS);
		ObjectNode staging = argoCd.application(service + "-staging").orElseThrow().json();
		((ObjectNode) staging.get("status").get("history").get(0)).put("deployedAt", deployedAt.toString());
		argoCd.loadApplication(staging.toString());
		// requests check the source on the live cache: wait until the stream brought all three
		await().atMost(PATIENCE).until(() -> this.cache.find(service + "-staging")
			.map((app) -> deployedAt.equals(app.status().history().get(0).deployedAt()))
			.orElse(false) && this.cache.find(service + "-production").isPresent()
				&& this.cache.find(service + "-dev").isPresent());
	}

	@Test
	void aPromotionIsMergedByHandAndSucceedsWhenArgoCdReportsTheMergeSyncedAndHealthy() {
		seed("payments", Duration.ofHours(30));
		long id = this.api.request("dave", "payments");
		this.api.post("dave", "/api/v1/promotions/" + id + "/checklist/1", Map.of("checked", true)).expectStatus().isOk();
		this.api.post("bob", "/api/v1/promotions/" + id + "/approvals", Map.of()).expectStatus().isOk();

		// no auto-merge in production: it waits for the button, with everything holding
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.api.get("/api/v1/promotions/" + id).get("phaseMessage").asString())
				.contains("merge"));
		JsonNode waiting = this.api.get("/api/v1/promotions/" + id);
		assertThat(waiting.get("phase").asString()).isEqualTo("Pending");
		assertThat(waiting.get("mergeCommit").isNull()).isTrue();
		assertThat(waiting.get("gates").valueStream().map((gate) -> gate.get("status").asString())).containsOnly("PASSED");

		this.api.post("bob", "/api/v1/promotions/" + id + "/merge", Map.of()).expectStatus().isOk();

		JsonNode done = this.api.awaitPhase(id, "Succeeded");
		String merge = done.get("mergeCommit").asString();
		assertThat(done.get("phaseMessage").asString()).contains("payments-production is Synced and Healthy at "
				+ merge.substring(0, 7));
		assertThat(argoCd.application("payments-production").orElseThrow().syncRevision()).isEqualTo(merge);
		assertThat(argoCd.application("payments-production").orElseThrow().images())
			.containsExactly("ghcr.io/example-org/payments:1.5.0");
		assertThat(done.get("steps").valueStream().map((step) -> step.get("status").asString())).containsOnly("succeeded");
	}

	@Test
	void theSoakGateCountsFromTheSourcesDeployedAtAndPassesWhenTheTimeIsUp() {
		// deployed 24 h minus a few seconds ago: 24 h are required
		seed("ledger", Duration.ofHours(24).minusSeconds(6));
		long id = this.api.request("dave", "ledger");

		JsonNode soak = PromotionApi.gate(this.api.get("/api/v1/promotions/" + id), "soak");
		assertThat(soak.get("status").asString()).isEqualTo("PENDING");
		assertThat(soak.get("evidence").asString()).contains("running in staging since").contains("left");

		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(PromotionApi.gate(this.api.get("/api/v1/promotions/" + id), "soak").get("status").asString())
				.isEqualTo("PASSED"));
		assertThat(PromotionApi.gate(this.api.get("/api/v1/promotions/" + id), "soak").get("evidence").asString()).contains("24h 0m of 24h 0m");
	}

	@Test
	void aFreezeWindowRefusesTheRequestWithItsReason() {
		seed("search", Duration.ofHours(30));

		this.api.post("dave", "/api/v1/promotions", Map.of("service", "search", "from", "dev", "to", "staging")).expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("FROZEN")
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).contains("staging is frozen until")
				.contains("Quarter-end freeze"));
	}

	@Test
	void aTargetThatTurnsDegradedFailsThePromotionAndThePageOffersARollback() {
		degrading.add("checkout");
		seed("checkout", Duration.ofHours(30));
		long id = this.api.request("dave", "checkout");
		this.api.post("dave", "/api/v1/promotions/" + id + "/checklist/1", Map.of("checked", true)).expectStatus().isOk();
		this.api.post("bob", "/api/v1/promotions/" + id + "/approvals", Map.of()).expectStatus().isOk();
		this.api.post("bob", "/api/v1/promotions/" + id + "/merge", Map.of()).expectStatus().isOk();

		JsonNode failed = this.api.awaitPhase(id, "Failed");
		assertThat(failed.get("phaseMessage").asString()).contains("checkout-production is Degraded")
			.contains("Back-off restarting failed container");
		String page = this.web.get()
			.uri("/promotions/" + id)
			.accept(MediaType.TEXT_HTML)
			.headers((headers) -> headers.setBasicAuth("bob", "bob-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).contains("<span class=\"badge badge-error\">Failed</span>")
			.contains("href=\"/rollbacks?service=checkout&amp;environment=production\"");
	}

	// --- helpers

}
