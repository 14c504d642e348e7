package io.slipway.promotion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.slipway.argocd.ArgoCdApplications;
import io.slipway.argocd.fake.FakeArgoCd;
import io.slipway.cluster.BackupFreshness;
import io.slipway.gitops.CommitRequest;
import io.slipway.gitops.GitOpsRepository;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ThreeWayMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.EventListener;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A promotion whose change request is a GitHub pull request, against a stub answering as GitHub's
 * REST API documents (the forge tests' fixtures): the pull request's body lists the gates, the
 * checklist and the approvals with their evidence; once they hold the promotion merges it through
 * GitHub's merge call, and follows the fake Argo CD to Synced and Healthy at the merge GitHub made.
 * <p>
 * The stub merges for real, into the infra repository's remote (a merge commit, as GitHub's
 * {@code merge_method: merge} does), so the revision Argo CD syncs is a commit on the main branch.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:promotion-github-${random.uuid};DB_CLOSE_DELAY=-1",
				"slipway.promotions.reconcile-interval=PT0.5S", "slipway.promotions.health-timeout=PT30S",
				"slipway.environments.production.checklist=Team notified",
				"slipway.argocd.reconnect-delay=200ms", "slipway.argocd.stream-stable-after=500ms",
				"slipway.forge.type=github", "slipway.forge.token=ghp_Xq7Lk2mN9vB4cR8tY1wE5uI3oP6aS0dF",
				"slipway.forge.repository=octo-org/infra", "slipway.public-url=https://slipway.example/",
				"slipway.security.users[0].name=dave", "slipway.security.users[0].password={noop}dave-pw",
				"slipway.security.users[0].roles=developer",
				"slipway.security.users[1].name=bob", "slipway.security.users[1].password={noop}bob-pw",
				"slipway.security.users[1].roles=approver" })
@AutoConfigureWebTestClient(timeout = "30s")
@DirtiesContext
class PromotionOnGitHubTests {

	private static final Duration PATIENCE = Duration.ofSeconds(40);

	private static final FakeArgoCd argoCd = FakeArgoCd.start();

	private static final MockWebServer alertmanager = PromotionFixtures.quietAlertmanager();

	private static final GitHub github = new GitHub();

	private static final MockWebServer forge = new MockWebServer();

	@TempDir
	static Path dataDir;

	static {
		argoCd.setSyncDuration(Duration.ofMillis(300));
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
	static class BackupsAndArgoCdPolling {

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
			argoCd.commit(merged.service() + "-" + merged.to(), merged.mergeCommit(), merged.imageTag());
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
	void thePullRequestListsTheEvidenceAndIsMergedOnGitHubThenArgoCdIsFollowedToSucceeded() throws IOException {
		seed("payments");
		long id = this.api.request("dave", "payments");
		this.api.post("dave", "/api/v1/promotions/" + id + "/checklist/1",
				Map.of("checked", true, "note", "posted in #payments-releases")).expectStatus().isOk();
		// nothing goes to GitHub while the promotion waits for its approval
		assertThat(github.requests).isEmpty();
		this.api.post("bob", "/api/v1/promotions/" + id + "/approvals", Map.of("comment", "dashboards look fine"))
			.expectStatus()
			.isOk();

		JsonNode done = this.api.awaitPhase(id, "Succeeded");

		// one pull request, from the promotion's branch into main, whose body carries the evidence
		List<RecordedRequest> opened = github.requests("POST", "/repos/octo-org/infra/pulls");
		assertThat(opened).hasSize(1);
		JsonNode pull = JsonMapper.shared().readTree(opened.get(0).getBody().utf8());
		assertThat(pull.get("head").asString()).isEqualTo("promote/payments-production-" + id);
		assertThat(pull.get("base").asString()).isEqualTo("main");
		assertThat(pull.get("title").asString()).isEqualTo("chore(payments): promote 1.5.0 to production");
		assertThat(pull.get("body").asString()).contains("Promotion #" + id + ": payments 1.5.0 from staging to production")
			.contains("[PASSED] source-healthy: staging is Synced and Healthy at 1.5.0")
			.contains("[PASSED] soak: ")
			.contains("[PASSED] alerts: no critical alert firing")
			.contains("[PASSED] backup: postgres-backup succeeded 3h ago")
			.contains("[PASSED] target-healthy")
			.containsPattern("- \\[x\\] Team notified \\(dave, [^)]+: posted in #payments-releases\\)")
			.contains("Approvals (1 of 1)")
			.contains("- APPROVED by bob at ")
			.contains(": dashboards look fine")
			// the body links back to the promotion where reviewers can open it: on the forge
			.contains("https://slipway.example/promotions/" + id);

		// merged through GitHub's API, once, as a merge commit
		int number = github.numberOf("promote/payments-production-" + id);
		List<RecordedRequest> merges = github.requests("PUT", "/repos/octo-org/infra/pulls/" + number + "/merge");
		assertThat(merges).hasSize(1);
		assertThat(JsonMapper.shared().readTree(merges.get(0).getBody().utf8()).get("merge_method").asString())
			.isEqualTo("merge");

		// the merge GitHub made is what the promotion followed Argo CD to
		String merge = done.get("mergeCommit").asString();
		assertThat(merge).isEqualTo(github.mergeCommits.get(number));
		assertThat(done.get("phaseMessage").asString())
			.isEqualTo("payments-production is Synced and Healthy at " + merge.substring(0, 7));
		assertThat(argoCd.application("payments-production").orElseThrow().images())
			.containsExactly("ghcr.io/example-org/payments:1.5.0");
		assertThat(done.get("steps").valueStream().map((step) -> step.get("status").asString())).containsOnly("succeeded");
		assertThat(step(done, "open-change-request").get("message").asString()).startsWith("opened change request #");
		assertThat(step(done, "merge").get("message").asString()).contains("as " + merge.substring(0, 7));
		this.gitOps.refresh().block(PATIENCE);
		assertThat(this.gitOps.head("main").block(PATIENCE).orElseThrow().id()).isEqualTo(merge);
		assertThat(this.gitOps.readFile("main", "services/payments/overlays/production/kustomization.yaml")
			.block(PATIENCE)
			.orElseThrow()).contains("newTag: 1.5.0 # set by promotions");

		// the promotion's change request is the pull request, shown with its link
		JsonNode changeRequest = this.api.get("/api/v1/change-requests/" + done.get("changeRequest").get("id").asLong());
		assertThat(changeRequest.get("state").asString()).isEqualToIgnoringCase("merged");
		assertThat(changeRequest.toString()).contains("https://github.com/octo-org/infra/pull/" + number);
	}

	// --- helpers

	/** The service in Git (staging at 1.5.0, production at 1.4.0) and in Argo CD, staging soaked. */
	private void seed(String service) {
		this.gitOps.commit(CommitRequest.builder("feat(" + service + "): add deployment configuration")
			.put("services/" + service + "/base/kustomization.yaml", "resources: []\n")
			.put("services/" + service + "/overlays/staging/kustomization.yaml", KUSTOMIZATION.formatted(service, "1.5.0"))
			.put("services/" + service + "/overlays/production/kustomization.yaml",
					KUSTOMIZATION.formatted(service, "1.4.0"))
			.build()).block(PATIENCE);
		String repo = "https://git.example.com/infra.git";
		argoCd.createApplication(service + "-staging", "goapps", repo, "services/" + service + "/overlays/staging",
				"goapps-staging", "1.5.0");
		argoCd.createApplication(service + "-production", "goapps", repo,
				"services/" + service + "/overlays/production", "goapps-production", "1.4.0");
		Instant deployedAt = Instant.now().minus(Duration.ofHours(30)).truncatedTo(ChronoUnit.SECONDS);
		ObjectNode staging = argoCd.application(service + "-staging").orElseThrow().json();
		((ObjectNode) staging.get("status").get("history").get(0)).put("deployedAt", deployedAt.toString());
		argoCd.loadApplication(staging.toString());
		await().atMost(PATIENCE).until(() -> this.cache.find(service + "-staging")
			.map((app) -> deployedAt.equals(app.status().history().get(0).deployedAt()))
			.orElse(false) && this.cache.find(service + "-production").isPresent());
	}

	private static JsonNode step(JsonNode promotion, String kind) {
		return promotion.get("steps")
			.valueStream()
			.filter((step) -> step.get("kind").asString().equals(kind))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no step " + kind + " in " + promotion.get("steps")));
	}



	/**
	 * GitHub's pull requests for {@code octo-org/infra} (REST API 2022-11-28): open, read, label,
	 * and merge, the merge done for real in the infra repository's remote, as GitHub would.
	 */
	static final class GitHub extends Dispatcher {

		private static final JsonMapper json = JsonMapper.shared();

		private static final Pattern PULL = Pattern.compile("/repos/octo-org/infra/pulls/(\\d+)");

		private static final Pattern MERGE = Pattern.compile("/repos/octo-org/infra/pulls/(\\d+)/merge");

		private static final Pattern LABELS = Pattern.compile("/repos/octo-org/infra/issues/(\\d+)/labels");

		final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

		private final Map<RecordedRequest, Instant> received = new ConcurrentHashMap<>();

		final Map<Integer, String> mergeCommits = new ConcurrentHashMap<>();

		private final Map<Integer, String> branches = new ConcurrentHashMap<>();

		private final AtomicInteger numbers = new AtomicInteger(100);

		/** Description updates (PATCH with a body) the stub answers 503 before it takes them again. */
		final AtomicInteger failingUpdates = new AtomicInteger();

		/** The description each pull request was last given by an update. */
		final Map<Integer, String> descriptions = new ConcurrentHashMap<>();

		@Override
		public MockResponse dispatch(RecordedRequest request) {
			this.received.put(request, Instant.now());
			this.requests.add(request);
			String path = request.getTarget().replaceFirst("\\?.*", "");
			try {
				JsonNode body = (request.getBody() != null && request.getBody().size() > 0)
						? json.readTree(request.getBody().utf8()) : json.createObjectNode();
				if (request.getMethod().equals("POST") && path.equals("/repos/octo-org/infra/pulls")) {
					int number = this.numbers.incrementAndGet();
					this.branches.put(number, body.get("head").asString());
					return pull(201, number);
				}
				if (request.getMethod().equals("POST") && LABELS.matcher(path).matches()) {
					return fixture(200, "github/labels-added.json", (node) -> {
					});
				}
				Matcher merge = MERGE.matcher(path);
				if (request.getMethod().equals("PUT") && merge.matches()) {
					int number = Integer.parseInt(merge.group(1));
					String sha = merge(this.branches.get(number), body.path("commit_title").asString());
					this.mergeCommits.put(number, sha);
					ObjectNode answer = json.createObjectNode();
					answer.put("sha", sha);
					answer.put("merged", true);
					answer.put("message", "Pull Request successfully merged");
					return new MockResponse.Builder().code(200)
						.setHeader("Content-Type", "application/json; charset=utf-8")
						.body(answer.toString())
						.build();
				}
				Matcher pull = PULL.matcher(path);
				if (request.getMethod().equals("GET") && pull.matches()) {
					return pull(200, Integer.parseInt(pull.group(1)));
				}
				if (request.getMethod().equals("PATCH") && pull.matches() && body.has("body")) {
					if (this.failingUpdates.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
						return new MockResponse.Builder().code(503).body("{\"message\": \"Service Unavailable\"}").build();
					}
					int number = Integer.parseInt(pull.group(1));
					this.descriptions.put(number, body.get("body").asString());
					return pull(200, number);
				}
				return new MockResponse.Builder().code(404).body("no stub for " + request.getMethod() + " " + path).build();
			}
			catch (Exception ex) {
				return new MockResponse.Builder().code(500).body("stub GitHub failed: " + ex).build();
			}
		}

		/** When the stub received a request. */
		Instant receivedAt(RecordedRequest request) {
			return this.received.get(request);
		}

		List<RecordedRequest> requests(String method, String path) {
			return this.requests.stream()
				.filter((request) -> request.getMethod().equals(method) && request.getTarget().equals(path))
				.toList();
		}

		int numberOf(String branch) {
			return this.branches.entrySet()
				.stream()
				.filter((entry) -> entry.getValue().equals(branch))
				.map(Map.Entry::getKey)
				.findFirst()
				.orElseThrow(() -> new AssertionError("no pull request for " + branch));
		}

		private MockResponse pull(int status, int number) {
			String merged = this.mergeCommits.get(number);
			return fixture(status, (merged != null) ? "github/pull-merged.json" : "github/pull-open.json", (node) -> {
				node.put("number", number);
				node.put("html_url", "https://github.com/octo-org/infra/pull/" + number);
				((ObjectNode) node.get("head")).put("ref", this.branches.get(number));
				if (merged != null) {
					node.put("merge_commit_sha", merged);
				}
			});
		}

		/** A merge commit of the branch into main in the remote, like GitHub's "Create a merge commit". */
		private static synchronized String merge(String branch, String title) throws IOException {
			try (Repository remote = new FileRepositoryBuilder().setGitDir(dataDir.resolve("infra.git").toFile())
				.setMustExist(true)
				.build(); RevWalk walk = new RevWalk(remote); ObjectInserter inserter = remote.newObjectInserter()) {
				RevCommit main = walk.parseCommit(remote.resolve(Constants.R_HEADS + "main"));
				RevCommit head = walk.parseCommit(remote.resolve(Constants.R_HEADS + branch));
				ThreeWayMerger merger = MergeStrategy.RECURSIVE.newMerger(remote, true);
				if (!merger.merge(main, head)) {
					throw new IllegalStateException("conflict merging " + branch);
				}
				CommitBuilder commit = new CommitBuilder();
				PersonIdent github = new PersonIdent("GitHub", "noreply@github.com");
				commit.setAuthor(github);
				commit.setCommitter(github);
				commit.setParentIds(main, head);
				commit.setTreeId(merger.getResultTreeId());
				commit.setMessage(title + "\n");
				ObjectId id = inserter.insert(commit);
				inserter.flush();
				RefUpdate update = remote.updateRef(Constants.R_HEADS + "main");
				update.setExpectedOldObjectId(main);
				update.setNewObjectId(id);
				RefUpdate.Result result = update.update();
				if (result != RefUpdate.Result.FAST_FORWARD) {
					throw new IllegalStateException("could not move main: " + result);
				}
				return id.name();
			}
		}

		private static MockResponse fixture(int status, String path, Consumer<ObjectNode> edit) {
			try (InputStream in = GitHub.class.getResourceAsStream("/forge/" + path)) {
				ObjectNode node = (ObjectNode) json.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
				edit.accept(node);
				return new MockResponse.Builder().code(status)
					.setHeader("Content-Type", "application/json; charset=utf-8")
					.body(json.writeValueAsString(node))
					.build();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
