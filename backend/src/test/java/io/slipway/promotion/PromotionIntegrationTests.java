package io.slipway.promotion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.slipway.argocd.RevisionHistory;
import io.slipway.cluster.BackupFreshness;
import io.slipway.cluster.BackupReport;
import io.slipway.gitops.CommitRequest;
import io.slipway.gitops.GitOpsRepository;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Promotions end to end against the running application: its real infra repository (a bare
 * repository in a fresh data directory), its change requests, a stub Alertmanager, and a
 * hand-written Argo CD whose sync makes the target Synced at the main branch's tip.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "slipway.data-dir=target/test-data/promotion-${random.uuid}",
				"spring.datasource.url=jdbc:h2:mem:promotion-${random.uuid};DB_CLOSE_DELAY=-1",
				"slipway.promotions.reconcile-interval=PT0.5S", "slipway.promotions.health-timeout=PT20S",
				"slipway.environments.production.soak-hours=1",
				"slipway.environments.production.checklist=Team notified",
				"slipway.environments.production.approver-group=release-managers",
				"slipway.security.users[0].name=dave", "slipway.security.users[0].password={noop}dave-pw",
				"slipway.security.users[0].roles=developer",
				"slipway.security.users[1].name=bob", "slipway.security.users[1].password={noop}bob-pw",
				"slipway.security.users[1].roles=approver", "slipway.security.users[1].groups=release-managers",
				"slipway.security.users[2].name=carol", "slipway.security.users[2].password={noop}carol-pw",
				"slipway.security.users[2].roles=approver",
				"slipway.security.users[3].name=erin", "slipway.security.users[3].password={noop}erin-pw",
				"slipway.security.users[3].roles=developer,approver",
				"slipway.security.users[3].groups=release-managers" })
@AutoConfigureWebTestClient(timeout = "30s")
class PromotionIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final MockWebServer alertmanager = new MockWebServer();

	private static volatile String firingFor = "";

	static {
		alertmanager.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				String target = java.net.URLDecoder.decode(request.getTarget(), StandardCharsets.UTF_8);
				String body = (!firingFor.isEmpty() && target.contains("service=\"" + firingFor + "\""))
						? "[{\"labels\":{\"alertname\":\"HighErrorRate\",\"service\":\"" + firingFor
								+ "\",\"severity\":\"critical\"},\"annotations\":{\"summary\":\"5xx above 5%\"},"
								+ "\"startsAt\":\"2026-08-10T11:40:00.000Z\",\"status\":{\"state\":\"active\"}}]"
						: "[]";
				return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
			}
		});
		try {
			alertmanager.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@DynamicPropertySource
	static void alertmanagerUrl(DynamicPropertyRegistry registry) {
		registry.add("slipway.alertmanager.url", () -> alertmanager.url("/").toString());
	}

	@AfterAll
	static void stopAlertmanager() throws IOException {
		alertmanager.close();
	}

	@TestConfiguration
	static class ArgoCdAndCluster {

		@Bean
		@Primary
		HandWrittenArgoCd handWrittenArgoCd() {
			return new HandWrittenArgoCd();
		}

		@Bean
		@Primary
		BackupFreshness freshBackups() {
			return PromotionFixtures.freshBackups();
		}

	}

	@Autowired
	private WebTestClient web;

	private PromotionApi api;

	@BeforeEach
	void api() {
		this.api = new PromotionApi(this.web, "carol", PATIENCE);
	}

	@Autowired
	private GitOpsRepository gitOps;

	@Autowired
	private HandWrittenArgoCd argoCd;

	@Autowired
	private PromotionRepository repository;

	@Autowired
	private GitCommitStep gitCommit;

	@Value("${slipway.data-dir}")
	private Path dataDir;

	private static final String KUSTOMIZATION = """
			# production overlay: promotions change newTag only
			apiVersion: kustomize.config.k8s.io/v1beta1
			kind: Kustomization
			resources:
			  - ../../base
			images:
			  - name: ghcr.io/acme/%1$s
			    newTag: %2$s # set by promotions
			labels:
			  - pairs:
			      app.kubernetes.io/version: %2$s # follows the tag
			    includeSelectors: false
			""";

	/** Declares a service in Git and in Argo CD: staging Healthy at 1.5.0, soaked 2 h; production at 1.4.0. */
	private void seed(String service, String stagingHealth) {
		this.gitOps.commit(CommitRequest.builder("feat(" + service + "): add deployment configuration")
			.put("services/" + service + "/base/kustomization.yaml", "resources: []\n")
			.put("services/" + service + "/overlays/staging/kustomization.yaml", KUSTOMIZATION.formatted(service, "1.5.0"))
			.put("services/" + service + "/overlays/production/kustomization.yaml",
					KUSTOMIZATION.formatted(service, "1.4.0"))
			.put("services/" + service + "/overlays/production/patches/replicas.yaml",
					"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + service + "\nspec:\n  replicas: 3\n")
			.build()).block(PATIENCE);
		String tip = tip("main");
		this.argoCd.mainTip(() -> tip("main"));
		this.argoCd.put(service + "-staging", stagingHealth, tip, "ghcr.io/acme/" + service + ":1.5.0",
				List.of(new RevisionHistory(1, tip, Instant.now().minus(Duration.ofHours(2)), null, null, null)));
		this.argoCd.put(service + "-production", "Healthy", "0123456789abcdef0123456789abcdef01234567",
				"ghcr.io/acme/" + service + ":1.4.0", List.of());
	}

	@Test
	void aDeveloperRequestsAnApproverApprovesAndThePromotionSucceedsWithOneCommit() throws Exception {
		seed("payments", "Healthy");

		JsonNode requested = this.api.post("dave", "/api/v1/promotions",
				Map.of("service", "payments", "from", "staging", "to", "production")).expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		long id = requested.get("id").asLong();
		assertThat(requested.get("phase").asString()).isEqualTo("Pending");
		assertThat(requested.get("candidate").get("imageTag").asString()).isEqualTo("1.5.0");
		assertThat(requested.get("diff").asString()).contains("-    newTag: 1.4.0 # set by promotions")
			.contains("+    newTag: 1.5.0 # set by promotions")
			.contains("-      app.kubernetes.io/version: 1.4.0 # follows the tag")
			.contains("+      app.kubernetes.io/version: 1.5.0 # follows the tag");
		assertThat(PromotionApi.gate(requested, "soak").get("status").asString()).isEqualTo("PASSED");
		assertThat(PromotionApi.gate(requested, "alerts").get("status").asString()).isEqualTo("PASSED");
		assertThat(requested.get("comparison").get(0).get("marker").asString()).isEqualTo("CHANGED");

		this.api.post("dave", "/api/v1/promotions/" + id + "/checklist/1", Map.of("checked", true, "note", "#payments told"))
			.expectStatus()
			.isOk();
		this.api.post("bob", "/api/v1/promotions/" + id + "/approvals", Map.of("comment", "looks good")).expectStatus().isOk();

		JsonNode done = this.api.awaitPhase(id, "Succeeded");
		assertThat(done.get("steps").valueStream().map((step) -> step.get("status").asString()))
			.containsOnly("succeeded");
		assertThat(done.get("changeRequest").get("id").asLong()).isPositive();
		String main = file("main", "services/payments/overlays/production/kustomization.yaml");
		assertThat(main).isEqualTo(KUSTOMIZATION.formatted("payments", "1.5.0"));
		List<RevCommit> commits = commitsWithTrailer("Promotion-Id: " + id);
		assertThat(commits).singleElement().satisfies((commit) -> {
			assertThat(commit.getShortMessage()).isEqualTo("chore(payments): promote 1.5.0 to production");
			assertThat(commit.getFullMessage()).contains("Requested-By: dave").contains("Approved-By: bob");
		});
	}

	@Test
	void theRequesterCannotApproveTheirOwnPromotionAndOutsidersOfTheGroupCannotEither() {
		seed("ledger", "Healthy");
		long id = this.api.request("erin", "ledger");

		this.api.post("erin", "/api/v1/promotions/" + id + "/approvals", Map.of()).expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).contains("you requested promotion #" + id));
		this.api.post("carol", "/api/v1/promotions/" + id + "/approvals", Map.of()).expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).contains("group release-managers"));
		this.api.post("dave", "/api/v1/promotions/" + id + "/approvals", Map.of()).expectStatus().isForbidden();
		assertThat(this.api.get("/api/v1/promotions/" + id).get("approvals").get("approvers").size()).isZero();
	}

	@Test
	void aFiringCriticalAlertBlocksTheMergeUntilItClears() {
		seed("billing", "Healthy");
		firingFor = "billing";
		try {
			long id = this.api.request("dave", "billing");
			this.api.post("dave", "/api/v1/promotions/" + id + "/checklist/1", Map.of("checked", true)).expectStatus().isOk();
			JsonNode approved = this.api.post("bob", "/api/v1/promotions/" + id + "/approvals", Map.of()).expectStatus()
				.isOk()
				.expectBody(JsonNode.class)
				.returnResult()
				.getResponseBody();
			assertThat(PromotionApi.gate(approved, "alerts").get("status").asString()).isEqualTo("FAILED");
			assertThat(PromotionApi.gate(approved, "alerts").get("evidence").asString()).contains("HighErrorRate");
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(
					this.api.get("/api/v1/promotions/" + id).get("phaseMessage").asString()).contains("gate alerts is FAILED"));
			assertThat(this.api.get("/api/v1/promotions/" + id).get("phase").asString()).isEqualTo("Pending");
			assertThat(this.api.get("/api/v1/promotions/" + id).get("commit").isNull()).isTrue();
		}
		finally {
			firingFor = "";
		}
	}

	@Test
	void aSourceThatIsNotHealthyIsRefusedAndAnOpenPromotionBlocksASecond() {
		seed("search", "Degraded");
		this.api.post("dave", "/api/v1/promotions", Map.of("service", "search", "from", "staging", "to", "production"))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("SOURCE_NOT_READY");

		seed("catalog", "Healthy");
		long first = this.api.request("dave", "catalog");
		this.api.post("dave", "/api/v1/promotions", Map.of("service", "catalog", "from", "staging", "to", "production"))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).contains("#" + first));
	}

	@Test
	void theTargetBecomingDegradedFailsThePromotionWithTheReason() {
		seed("checkout", "Healthy");
		this.argoCd.healthAfterSync("checkout-production", "Degraded");
		long id = this.api.request("dave", "checkout");
		this.api.post("dave", "/api/v1/promotions/" + id + "/checklist/1", Map.of("checked", true)).expectStatus().isOk();
		this.api.post("bob", "/api/v1/promotions/" + id + "/approvals", Map.of()).expectStatus().isOk();

		JsonNode failed = this.api.awaitPhase(id, "Failed");
		assertThat(failed.get("phaseMessage").asString()).contains("Degraded").contains("Back-off pulling image");
	}

	@Test
	void aCandidateChangeInvalidatesApprovals() {
		seed("orders", "Healthy");
		long id = this.api.request("dave", "orders");
		this.api.post("bob", "/api/v1/promotions/" + id + "/approvals", Map.of()).expectStatus().isOk();
		assertThat(this.api.get("/api/v1/promotions/" + id).get("approvals").get("approvers").size()).isEqualTo(1);

		this.gitOps.commit(CommitRequest.builder("chore(orders): promote 1.6.0 to staging")
			.update("services/orders/overlays/staging/kustomization.yaml", (content) -> content.replace("1.5.0", "1.6.0"))
			.build()).block(PATIENCE);

		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.api.get("/api/v1/promotions/" + id).get("candidate").get("imageTag").asString())
				.isEqualTo("1.6.0"));
		JsonNode changed = this.api.get("/api/v1/promotions/" + id);
		assertThat(changed.get("approvals").get("approvers").size()).isZero();
		assertThat(changed.get("approvals").get("votes").get(0).get("current").asBoolean()).isFalse();
	}

	@Test
	void runningTheCommitStepAgainAfterARestartMakesNoSecondCommit() throws Exception {
		seed("invoices", "Healthy");
		long id = this.api.request("dave", "invoices");
		PromotionRepository.Row row = this.repository.find(id).orElseThrow();

		StepResult first = this.gitCommit.run(row).block(PATIENCE);
		StepResult again = this.gitCommit.run(this.repository.find(id).orElseThrow()).block(PATIENCE);

		assertThat(first).isInstanceOf(StepResult.Done.class);
		assertThat(again).isInstanceOf(StepResult.Done.class);
		assertThat(again.message()).startsWith("already committed");
		assertThat(commitsWithTrailer("Promotion-Id: " + id)).hasSize(1);
	}

	@Test
	void aCandidateChangeAfterTheCommitReplacesItSoTheBranchHoldsOneCommit() throws Exception {
		seed("receipts", "Healthy");
		long id = this.api.request("dave", "receipts");
		StepResult first = this.gitCommit.run(this.repository.find(id).orElseThrow()).block(PATIENCE);
		assertThat(first).isInstanceOf(StepResult.Done.class);
		String branch = "promote/receipts-production-" + id;
		String firstCommit = tip(branch);

		this.gitOps.commit(CommitRequest.builder("chore(receipts): promote 1.6.0 to staging")
			.update("services/receipts/overlays/staging/kustomization.yaml", (content) -> content.replace("1.5.0", "1.6.0"))
			.build()).block(PATIENCE);
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.repository.find(id).orElseThrow().imageTag()).isEqualTo("1.6.0"));
		StepResult again = this.gitCommit.run(this.repository.find(id).orElseThrow()).block(PATIENCE);

		assertThat(again).isInstanceOf(StepResult.Done.class);
		assertThat(again.message()).startsWith("committed");
		// one commit of the promotion, for the new candidate, straight on the main branch
		List<RevCommit> commits = commitsWithTrailer("Promotion-Id: " + id);
		assertThat(commits).singleElement().satisfies((commit) -> {
			assertThat(commit.getShortMessage()).isEqualTo("chore(receipts): promote 1.6.0 to production");
			assertThat(commit.getName()).isEqualTo(tip(branch)).isNotEqualTo(firstCommit);
			assertThat(commit.getParent(0).getName()).isEqualTo(tip("main"));
		});
		assertThat(file(branch, "services/receipts/overlays/production/kustomization.yaml"))
			.contains("newTag: 1.6.0 # set by promotions")
			.contains("# production overlay: promotions change newTag only");
		assertThat(this.repository.find(id).orElseThrow().commitId()).isEqualTo(tip(branch));
	}

	// --- helpers

	private long lastOpen(String service) {
		return this.repository.findOpen(service, "production").orElseThrow().id();
	}

	private Repository remote() throws IOException {
		return new FileRepositoryBuilder().setGitDir(this.dataDir.resolve("infra.git").toFile()).setBare().build();
	}

	private String tip(String branch) {
		try (Repository repository = remote()) {
			return repository.exactRef(Constants.R_HEADS + branch).getObjectId().name();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String file(String ref, String path) throws IOException {
		try (Repository repository = remote(); RevWalk walk = new RevWalk(repository)) {
			ObjectId id = repository.resolve(ref);
			try (TreeWalk tree = TreeWalk.forPath(repository, path, walk.parseCommit(id).getTree())) {
				return new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
			}
		}
	}

	/** Every commit reachable from any branch of the remote whose message has this line. */
	private List<RevCommit> commitsWithTrailer(String trailer) throws IOException {
		try (Repository repository = remote(); RevWalk walk = new RevWalk(repository)) {
			for (var ref : repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
				walk.markStart(walk.parseCommit(ref.getObjectId()));
			}
			List<RevCommit> found = new ArrayList<>();
			for (RevCommit commit : walk) {
				if (commit.getFullMessage().lines().anyMatch(trailer::equals)) {
					found.add(commit);
				}
			}
			return found;
		}
	}

}
