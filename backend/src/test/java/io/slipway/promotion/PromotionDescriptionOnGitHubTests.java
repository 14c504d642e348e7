package io.slipway.promotion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

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
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pull request of a promotion waiting for its Merge button keeps listing the current gates,
 * checklist and approvals: a change after it opened updates its description on GitHub (and
 * Slipway's copy), at most once per {@code description-interval}, and a GitHub that fails the
 * update leaves the promotion as it is and gets the update again later.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:promotion-description-${random.uuid};DB_CLOSE_DELAY=-1",
				"slipway.promotions.reconcile-interval=PT0.5S", "slipway.promotions.description-interval=PT1S",
				"slipway.environments.production.checklist=Team notified,Changelog reviewed",
				"slipway.environments.production.auto-merge=false",
				"slipway.argocd.reconnect-delay=200ms", "slipway.argocd.stream-stable-after=500ms",
				"slipway.forge.type=github", "slipway.forge.token=ghp_Xq7Lk2mN9vB4cR8tY1wE5uI3oP6aS0dF",
				"slipway.forge.repository=octo-org/infra", "slipway.public-url=https://slipway.example/",
				"slipway.security.users[0].name=dave", "slipway.security.users[0].password={noop}dave-pw",
				"slipway.security.users[0].roles=developer",
				"slipway.security.users[1].name=bob", "slipway.security.users[1].password={noop}bob-pw",
				"slipway.security.users[1].roles=approver" })
@AutoConfigureWebTestClient(timeout = "30s")
@DirtiesContext
class PromotionDescriptionOnGitHubTests {

	private static final Duration PATIENCE = Duration.ofSeconds(40);

	private static final FakeArgoCd argoCd = FakeArgoCd.start();

	private static final MockWebServer alertmanager = PromotionFixtures.quietAlertmanager();

	private static final PromotionOnGitHubTests.GitHub github = new PromotionOnGitHubTests.GitHub();

	private static final MockWebServer forge = new MockWebServer();

	@TempDir
	static Path dataDir;

	static {
		forge.setDispatcher(github);
		try {
			forge.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@DynamicPropertySource
	static void connect(DynamicPropertyRegistry registry) {
		registry.add("slipway.data-dir", () -> dataDir.toString());
		registry.add("slipway.argocd.url", () -> argoCd.url().toString());
		registry.add("slipway.argocd.token", argoCd::token);
		registry.add("slipway.alertmanager.url", () -> alertmanager.url("/").toString());
		registry.add("slipway.forge.url", () -> forge.url("/").toString());
	}

	@AfterAll
	static void stop() {
		argoCd.close();
		alertmanager.close();
		forge.close();
	}

	@TestConfiguration
	static class Backups {

		@Bean
		@Primary
		BackupFreshness freshBackups() {
			return PromotionFixtures.freshBackups();
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
	void callTheApiAsBob() {
		this.api = new PromotionApi(this.web, "bob", PATIENCE);
	}

	@Autowired
	private GitOpsRepository gitOps;

	@Autowired
	private ArgoCdApplications cache;

	@Test
	void aChecklistChangeAfterThePullRequestOpenedUpdatesItsDescriptionAndAFailureIsRetried() {
		seed("billing");
		long id = this.api.request("dave", "billing");
		check(id, 1, true, "posted in #billing");
		check(id, 2, true, "CHANGELOG.md read");
		this.api.post("bob", "/api/v1/promotions/" + id + "/approvals", Map.of("comment", "go")).expectStatus().isOk();
		// opened with everything in order; it waits for the Merge button
		JsonNode waiting = await().atMost(PATIENCE).until(() -> this.api.get("/api/v1/promotions/" + id),
				(promotion) -> promotion.get("changeRequest") != null && !promotion.get("changeRequest").isNull());
		int number = github.numberOf("promote/billing-production-" + id);
		assertThat(github.descriptions).doesNotContainKey(number);

		// the changelog turns out not to be reviewed: GitHub's description follows, in one update
		check(id, 2, false, "wrong changelog");
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(github.descriptions.get(number)).contains("- [ ] Changelog reviewed")
				.contains("- [x] Team notified")
				.contains("Approvals (1 of 1)"));
		assertThat(changeRequestBody(waiting)).contains("- [ ] Changelog reviewed");

		// GitHub fails the next update: the promotion stays as it was and the update comes later
		github.failingUpdates.set(2);
		check(id, 2, true, "CHANGELOG.md read again");
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(github.descriptions.get(number)).contains("- [x] Changelog reviewed")
				.contains("CHANGELOG.md read again"));
		JsonNode after = this.api.get("/api/v1/promotions/" + id);
		assertThat(after.get("phase").asString()).isEqualTo("Pending");
		assertThat(changeRequestBody(after)).contains("CHANGELOG.md read again");

		// never more often than once per description-interval (1 s)
		List<Instant> updates = github.requests.stream()
			.filter((request) -> request.getMethod().equals("PATCH"))
			.map((request) -> github.receivedAt(request))
			.toList();
		assertThat(updates).hasSizeGreaterThanOrEqualTo(3);
		for (int i = 1; i < updates.size(); i++) {
			assertThat(Duration.between(updates.get(i - 1), updates.get(i))).isGreaterThan(Duration.ofMillis(900));
		}
	}

	// --- helpers

	private void check(long id, int item, boolean checked, String note) {
		this.api.post("dave", "/api/v1/promotions/" + id + "/checklist/" + item, Map.of("checked", checked, "note", note))
			.expectStatus()
			.isOk();
	}

	private String changeRequestBody(JsonNode promotion) {
		return this.api.get("/api/v1/change-requests/" + promotion.get("changeRequest").get("id").asLong()).get("body").asString();
	}

	/** The service in Git (staging at 2.0.0, production at 1.9.0) and in Argo CD, staging soaked. */
	private void seed(String service) {
		this.gitOps.commit(CommitRequest.builder("feat(" + service + "): add deployment configuration")
			.put("services/" + service + "/base/kustomization.yaml", "resources: []\n")
			.put("services/" + service + "/overlays/staging/kustomization.yaml", KUSTOMIZATION.formatted(service, "2.0.0"))
			.put("services/" + service + "/overlays/production/kustomization.yaml",
					KUSTOMIZATION.formatted(service, "1.9.0"))
			.build()).block(PATIENCE);
		String repo = "https://git.example.com/infra.git";
		argoCd.createApplication(service + "-staging", "goapps", repo, "services/" + service + "/overlays/staging",
				"goapps-staging", "2.0.0");
		argoCd.createApplication(service + "-production", "goapps", repo,
				"services/" + service + "/overlays/production", "goapps-production", "1.9.0");
		Instant deployedAt = Instant.now().minus(Duration.ofHours(30)).truncatedTo(ChronoUnit.SECONDS);
		ObjectNode staging = argoCd.application(service + "-staging").orElseThrow().json();
		((ObjectNode) staging.get("status").get("history").get(0)).put("deployedAt", deployedAt.toString());
		argoCd.loadApplication(staging.toString());
		await().atMost(PATIENCE).until(() -> this.cache.find(service + "-staging")
			.map((app) -> deployedAt.equals(app.status().history().get(0).deployedAt()))
			.orElse(false) && this.cache.find(service + "-production").isPresent());
	}



}
