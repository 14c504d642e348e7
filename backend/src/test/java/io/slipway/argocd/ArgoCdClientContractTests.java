package io.slipway.argocd;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.slipway.argocd.fake.FakeArgoCd;
import io.slipway.argocd.internal.webclient.WebClientArgoCdClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import static io.slipway.argocd.ArgoCdClientFixtures.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Every call of the client against the fake Argo CD, which answers as the contract pack documents
 * Argo CD v3.5.1: authentication by token and by session login, the project rule of 403 versus
 * 404, Argo CD's refusals with its exact messages, the sync lifecycle as stream events, and the
 * faults a production Argo CD has (down, slow, 5xx). The fake answers 415 to any non-GET without
 * exactly {@code application/json}, so every write that succeeds here also proves the header.
 */
class ArgoCdClientContractTests {

	private static final String REPO = "https://git.example.com/platform/infra.git";

	private static final String STAGING = "orders-staging";

	private FakeArgoCd fake;

	private ArgoCdClient client;

	@BeforeEach
	void start() {
		this.fake = FakeArgoCd.start();
		this.fake.createApplication(STAGING, "goapps", REPO, "apps/staging/orders", "goapps-staging", "1.4.2");
		this.fake.createApplication("orders-production", "goapps", REPO, "apps/production/orders",
				"goapps-production", "1.4.1");
		this.fake.createApplication("grafana-staging", "platform", REPO, "apps/staging/grafana", "monitoring", "11.2.0");
		this.client = client(properties());
	}

	@AfterEach
	void stop() {
		this.fake.close();
	}

	@Test
	void readsTheVersion() {
		assertThat(this.client.version().block(PATIENCE).version()).startsWith("v3.5.1");
	}

	@Test
	void listsEveryApplicationSortedByNameWithTheResourceVersionToStreamFrom() {
		ApplicationList list = this.client.list(ApplicationQuery.all()).block(PATIENCE);

		assertThat(list.items()).extracting(Application::name)
			.containsExactly("grafana-staging", "orders-production", STAGING);
		assertThat(list.resourceVersion()).isNotBlank();
		assertThat(list.items().get(2).status().history()).hasSize(1);
	}

	@Test
	void listsByProjectSelectorAndProjection() {
		assertThat(this.client.list(new ApplicationQuery(List.of("platform"), null, List.of())).block(PATIENCE).items())
			.extracting(Application::name)
			.containsExactly("grafana-staging");
		assertThat(this.client.list(new ApplicationQuery(List.of("platform", "goapps"), "env=staging", List.of()))
			.block(PATIENCE)
			.items()).extracting(Application::name).containsExactly("grafana-staging", STAGING);

		ApplicationList projected = this.client.list(new ApplicationQuery(List.of(), null,
				List.of("items.metadata.name", "items.status.sync.status", "items.status.health", "items.status.history")))
			.block(PATIENCE);

		assertThat(projected.items()).extracting(Application::healthStatus).containsOnly("Healthy");
		// Argo CD honours only some fields: history is silently dropped
		assertThat(projected.items()).allSatisfy((app) -> {
			assertThat(app.spec()).isNull();
			assertThat(app.status().history()).isEmpty();
		});
	}

	@Test
	void getsOneApplicationAndTellsAMissingOneFromAForbiddenOne() {
		Application app = this.client.get(STAGING, "goapps").block(PATIENCE);

		assertThat(app.name()).isEqualTo(STAGING);
		assertThat(app.spec().isAutomatedSyncEnabled()).isTrue();
		assertThat(app.status().summary().images()).containsExactly("ghcr.io/example-org/orders:1.4.2");

		ArgoCdException missing = failure(this.client.get("payments-staging", "goapps"));
		assertThat(missing).isInstanceOf(ArgoCdException.NotFound.class)
			.hasMessage("error reading payments-staging on " + this.fake.url()
					+ ": applications.argoproj.io \"payments-staging\" not found");
		assertThat(failure(this.client.get(STAGING, "platform"))).isInstanceOf(ArgoCdException.NotFound.class);

		// without a project Argo CD cannot say "missing", only "not allowed"
		ArgoCdException forbidden = failure(this.client.sync("payments-staging", new SyncRequest(null, null, false, false)));
		assertThat(forbidden).isInstanceOf(ArgoCdException.PermissionDenied.class);
		assertThat(forbidden.argoCdMessage()).isEqualTo("permission denied");
		assertThat(forbidden.grpcCode()).isEqualTo(7);
	}

	@Test
	void refreshesAndGetsTheApplicationOnceTheControllerHasProcessedIt() {
		long before = this.fake.application(STAGING).orElseThrow().resourceVersion();

		Application refreshed = this.client.refresh(STAGING, "goapps", Refresh.HARD).block(PATIENCE);

		assertThat(refreshed.name()).isEqualTo(STAGING);
		assertThat(refreshed.metadata().annotations()).doesNotContainKey("argocd.argoproj.io/refresh");
		assertThat(Long.parseLong(refreshed.metadata().resourceVersion())).isGreaterThan(before);
	}

	@Test
	void readsTheResourceTreeManagedResourcesAndRevisionMetadata() {
		ResourceTree tree = this.client.resourceTree(STAGING, "goapps").block(PATIENCE);
		assertThat(tree.nodes()).extracting(ResourceTree.Node::kind).contains("Service", "Deployment", "Pod");

		List<ManagedResource> managed = this.client.managedResources(STAGING, "goapps").block(PATIENCE);
		assertThat(managed).extracting(ManagedResource::kind).contains("Service", "Deployment");
		ManagedResource deployment = managed.stream().filter((r) -> "Deployment".equals(r.kind())).findFirst().orElseThrow();
		assertThat(JsonMapper.shared().readTree(deployment.liveState()).at("/kind").stringValue()).isEqualTo("Deployment");

		String revision = this.fake.application(STAGING).orElseThrow().syncRevision();
		this.fake.setRevisionMetadata(revision, "Jane Doe <jane.doe@example.com>",
				Instant.parse("2025-11-20T10:12:44Z"), "orders(staging): bump image to 1.4.2");
		RevisionMetadata metadata = this.client.revisionMetadata(STAGING, "goapps", revision).block(PATIENCE);
		assertThat(metadata.author()).isEqualTo("Jane Doe <jane.doe@example.com>");
		assertThat(metadata.message()).isEqualTo("orders(staging): bump image to 1.4.2");
	}

	@Test
	void observesASyncFromRequestToSucceededThroughTheStream() {
		this.fake.setAutomatedSync(STAGING, false);
		this.fake.commit(STAGING, "9b2f4c1d7e8a6b5c4d3e2f1a0b9c8d7e6f5a4b3c", "1.5.0");
		this.fake.setSyncDuration(Duration.ofMillis(300));
		String resourceVersion = this.client.list(ApplicationQuery.all()).block(PATIENCE).resourceVersion();
		List<ApplicationWatchEvent> events = new CopyOnWriteArrayList<>();
		Disposable watching = this.client.watch(ApplicationQuery.all(), resourceVersion).subscribe(events::add);
		try {
			Application requested = this.client.sync(STAGING, SyncRequest.toTargetRevision("goapps")).block(PATIENCE);
			assertThat(requested.isBusy()).isTrue();
			assertThat(requested.operation().initiatedBy().username()).isEqualTo(FakeArgoCd.ADMIN);

			await().atMost(PATIENCE).until(() -> events.stream().anyMatch((event) -> phase(event).equals("Succeeded")));
			await().atMost(PATIENCE).until(() -> events.stream()
				.anyMatch((event) -> "Healthy".equals(event.application().healthStatus()) && !event.application().isBusy()
						&& event.application().syncStatus().equals("Synced")));
		}
		finally {
			watching.dispose();
		}

		List<ApplicationWatchEvent> staging = events.stream().filter((event) -> event.application().name().equals(STAGING)).toList();
		assertThat(staging).allMatch((event) -> event.type() == ApplicationWatchEvent.Type.MODIFIED);
		int running = indexOf(staging, "Running");
		int succeeded = indexOf(staging, "Succeeded");
		assertThat(running).isNotNegative().isLessThan(succeeded);
		// the history entry is written while the phase is still Running
		assertThat(staging.subList(running, succeeded)).anyMatch((event) -> event.application().status().history().size() == 2);
		Application done = staging.get(staging.size() - 1).application();
		assertThat(done.operation()).isNull();
		assertThat(done.status().history().get(1).revision()).isEqualTo("9b2f4c1d7e8a6b5c4d3e2f1a0b9c8d7e6f5a4b3c");
		assertThat(done.status().history().get(1).deployedAt()).isNotNull();
		assertThat(done.status().sync().revision()).isEqualTo("9b2f4c1d7e8a6b5c4d3e2f1a0b9c8d7e6f5a4b3c");
	}

	@Test
	void refusesARollbackWhileAutoSyncIsOnAndAcceptsItOnceTurnedOff() {
		ArgoCdException refused = failure(this.client.rollback(STAGING, "goapps", 0, false, false));
		assertThat(refused).isInstanceOf(ArgoCdException.Rejected.class)
			.hasMessage("error rolling back " + STAGING + " to history 0 on " + this.fake.url()
					+ ": rollback cannot be initiated when auto-sync is enabled");
		assertThat(refused.grpcCode()).isEqualTo(9);
		assertThat(refused.httpStatus()).isEqualTo(400);

		Application paused = this.client.setAutomatedSync(STAGING, "goapps", false).block(PATIENCE);
		assertThat(paused.spec().isAutomatedSyncEnabled()).isFalse();
		// the merge patch kept the rest of the policy
		assertThat(paused.spec().syncPolicy().automated().prune()).isTrue();
		assertThat(paused.spec().syncPolicy().automated().selfHeal()).isTrue();

		ArgoCdException unknown = failure(this.client.rollback(STAGING, "goapps", 42, false, false));
		assertThat(unknown).isInstanceOf(ArgoCdException.Rejected.class);
		assertThat(unknown.grpcCode()).isEqualTo(3);
		assertThat(unknown.argoCdMessage()).isEqualTo("application " + STAGING + " does not have deployment with id 42");

		Application rolledBack = this.client.rollback(STAGING, "goapps", 0, false, false).block(PATIENCE);
		assertThat(rolledBack.operation()).isNotNull();
		assertThat(rolledBack.operation().sync().revision())
			.isEqualTo(this.fake.application(STAGING).orElseThrow().historyRevisions().get(0));

		assertThat(this.client.setAutomatedSync(STAGING, "goapps", true).block(PATIENCE).spec().isAutomatedSyncEnabled())
			.isTrue();
	}

	@Test
	void refusesASecondOperationAndTerminatesTheRunningOne() {
		this.fake.setSyncDuration(Duration.ofMinutes(5));
		this.client.sync(STAGING, SyncRequest.toTargetRevision("goapps")).block(PATIENCE);

		ArgoCdException busy = failure(this.client.sync(STAGING, SyncRequest.toTargetRevision("goapps")));
		assertThat(busy).isInstanceOf(ArgoCdException.Rejected.class);
		assertThat(busy.argoCdMessage()).isEqualTo("another operation is already in progress");

		StepVerifier.create(this.client.terminateOperation(STAGING, "goapps")).expectComplete().verify(PATIENCE);
		await().atMost(PATIENCE).until(() -> !this.fake.application(STAGING).orElseThrow().hasOperation());

		ArgoCdException idle = failure(this.client.terminateOperation(STAGING, "goapps"));
		assertThat(idle).isInstanceOf(ArgoCdException.Rejected.class);
		assertThat(idle.argoCdMessage()).isEqualTo("Unable to terminate operation. No operation is in progress");
	}

	@Test
	void refusesASyncToAnotherRevisionWhileAutoSyncIsOn() {
		ArgoCdException refused = failure(
				this.client.sync(STAGING, new SyncRequest("goapps", "0123456789abcdef0123456789abcdef01234567", false, false)));

		assertThat(refused).isInstanceOf(ArgoCdException.Rejected.class);
		assertThat(refused.argoCdMessage())
			.isEqualTo("Cannot sync to 0123456789abcdef0123456789abcdef01234567: auto-sync currently set to main");
	}

	@Test
	void failsWithUnauthenticatedForATokenArgoCdNoLongerAccepts() {
		this.fake.invalidateTokens();

		ArgoCdException ex = failure(this.client.list(ApplicationQuery.all()));

		assertThat(ex).isInstanceOf(ArgoCdException.Unauthenticated.class);
		assertThat(ex.httpStatus()).isEqualTo(401);
		assertThat(ex.argoCdMessage()).isEqualTo("invalid session: token signature is invalid: signature is invalid");
		StepVerifier.create(this.client.watch(ApplicationQuery.all(), null))
			.expectError(ArgoCdException.Unauthenticated.class)
			.verify(PATIENCE);
	}

	@Test
	void logsInOnceAndAgainWhenTheSessionIsNoLongerValid() {
		this.fake.addLocalUser("slipway", "correct horse battery staple");
		ArgoCdClient session = client(
				ArgoCdProperties.withLogin(this.fake.url().toString(), "slipway", "correct horse battery staple"));

		assertThat(session.list(ApplicationQuery.all()).block(PATIENCE).items()).hasSize(3);
		assertThat(session.get(STAGING, "goapps").block(PATIENCE).name()).isEqualTo(STAGING);
		assertThat(this.fake.requestCount("POST", "/api/v1/session")).isEqualTo(1);

		this.fake.invalidateTokens();

		// the write is repeated after logging in again: a 401 means Argo CD did nothing
		assertThat(session.setAutomatedSync(STAGING, "goapps", false).block(PATIENCE).spec().isAutomatedSyncEnabled())
			.isFalse();
		assertThat(this.fake.requestCount("POST", "/api/v1/session")).isEqualTo(2);
		assertThat(this.fake.requestCount("PATCH", "/api/v1/applications/")).isEqualTo(2);

		this.fake.invalidateTokens();
		StepVerifier.create(session.watch(ApplicationQuery.all(), null).take(3))
			.expectNextCount(3)
			.expectComplete()
			.verify(PATIENCE);
		assertThat(this.fake.requestCount("POST", "/api/v1/session")).isEqualTo(3);
	}

	@Test
	void reportsARefusedLoginWithoutThePassword() {
		ArgoCdClient session = client(ArgoCdProperties.withLogin(this.fake.url().toString(), "slipway", "wrong-pass-123"));

		ArgoCdException ex = failure(session.list(ApplicationQuery.all()));

		assertThat(ex).isInstanceOf(ArgoCdException.Unauthenticated.class)
			.hasMessage("error logging in as slipway on " + this.fake.url() + ": Invalid username or password");
		assertThat(ex.getMessage()).doesNotContain("wrong-pass-123");
		// a refused login is not repeated in a loop, but not remembered either: the next call tries again
		assertThat(this.fake.requestCount("POST", "/api/v1/session")).isEqualTo(1);
		assertThat(failure(session.get(STAGING, "goapps"))).isInstanceOf(ArgoCdException.Unauthenticated.class);
		assertThat(this.fake.requestCount("POST", "/api/v1/session")).isEqualTo(2);
	}

	@Test
	void streamsTheInitialApplicationsThenChangesAndKeepalives() {
		this.fake.setKeepaliveInterval(Duration.ofMillis(200));
		AtomicInteger keepalives = new AtomicInteger();

		StepVerifier.create(this.client.watch(new ApplicationQuery(List.of("goapps"), null, List.of()), null,
				(at) -> keepalives.incrementAndGet()))
			.assertNext((event) -> assertAdded(event, "orders-production"))
			.assertNext((event) -> assertAdded(event, STAGING))
			.then(() -> await().atMost(PATIENCE).until(() -> keepalives.get() >= 2))
			.then(() -> this.fake.setHealth(STAGING, "Degraded", "Deployment \"orders\" exceeded its progress deadline"))
			.assertNext((event) -> {
				assertThat(event.type()).isEqualTo(ApplicationWatchEvent.Type.MODIFIED);
				assertThat(event.application().healthStatus()).isEqualTo("Degraded");
				assertThat(event.application().status().health().message()).contains("exceeded its progress deadline");
			})
			.then(() -> this.fake.deleteApplication(STAGING))
			.assertNext((event) -> assertThat(event.type()).isEqualTo(ApplicationWatchEvent.Type.DELETED))
			.thenCancel()
			.verify(PATIENCE);
	}

	@Test
	void failsADroppedStreamAsUnavailable() {
		StepVerifier.create(this.client.watch(ApplicationQuery.all(), null))
			.expectNextCount(3)
			.then(() -> await().atMost(PATIENCE).until(() -> this.fake.openStreams() == 1))
			.then(this.fake::dropStreams)
			.expectError(ArgoCdException.Unavailable.class)
			.verify(PATIENCE);
	}

	@Test
	void failsAStreamThatStaysSilentLongerThanTheIdleTimeout() {
		this.fake.setKeepaliveInterval(Duration.ofMinutes(1));
		ArgoCdClient impatient = client(properties().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10),
				Duration.ofSeconds(20), Duration.ofMillis(800)));
		String resourceVersion = impatient.list(ApplicationQuery.all()).block(PATIENCE).resourceVersion();

		StepVerifier.create(impatient.watch(ApplicationQuery.all(), resourceVersion))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ArgoCdException.Unavailable.class)
				.hasMessage("error watching applications on " + this.fake.url() + ": no answer within 800ms"))
			.verify(PATIENCE);
	}

	@Test
	void retriesReadsWhileArgoCdFailsAndSucceedsOnceItStops() {
		this.fake.failWith(503);

		ArgoCdException ex = failure(this.client.list(ApplicationQuery.all()));
		assertThat(ex).isInstanceOf(ArgoCdException.Unavailable.class);
		assertThat(ex.httpStatus()).isEqualTo(503);
		assertThat(ex.grpcCode()).isEqualTo(14);
		assertThat(this.fake.requestCount("GET", "/api/v1/applications")).isEqualTo(3);

		ArgoCdException write = failure(this.client.sync(STAGING, SyncRequest.toTargetRevision("goapps")));
		assertThat(write).isInstanceOf(ArgoCdException.Unavailable.class);
		assertThat(this.fake.requestCount("POST", "/api/v1/applications/")).isEqualTo(1);

		this.fake.stopFailing();

		assertThat(this.client.list(ApplicationQuery.all()).block(PATIENCE).items()).hasSize(3);
	}

	@Test
	void failsAStreamAsUnavailableWhileArgoCdFails() {
		this.fake.failWith(503);

		StepVerifier.create(this.client.watch(ApplicationQuery.all(), null))
			.expectErrorSatisfies((ex) -> {
				assertThat(ex).isInstanceOf(ArgoCdException.Unavailable.class);
				assertThat(((ArgoCdException) ex).httpStatus()).isEqualTo(503);
			})
			.verify(PATIENCE);
	}

	@Test
	void failsWithinTheReadTimeoutWhenArgoCdIsSlow() {
		ArgoCdClient impatient = client(properties()
			.withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofSeconds(20))
			.withResilience(1, Duration.ZERO, Duration.ofMinutes(1)));
		this.fake.setLatency(Duration.ofSeconds(5));
		long start = System.nanoTime();

		ArgoCdException ex = failure(impatient.get(STAGING, "goapps"));

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		assertThat(ex).isInstanceOf(ArgoCdException.Unavailable.class)
			.hasMessage("error reading " + STAGING + " on " + this.fake.url() + ": no answer within 300ms");
		assertThat(ex.httpStatus()).isZero();
		assertThat(failure(impatient.refresh(STAGING, "goapps", Refresh.NORMAL)))
			.isInstanceOf(ArgoCdException.Unavailable.class);
	}

	@Test
	void reportsADownServerAndWorksAgainWhenItIsBack() {
		this.fake.goDown();

		ArgoCdException ex = failure(this.client.version());

		assertThat(ex).isInstanceOf(ArgoCdException.Unavailable.class);
		assertThat(ex.httpStatus()).isZero();
		assertThat(ex.getMessage()).startsWith("error reading the version on " + this.fake.url() + ": cannot connect");

		this.fake.comeBack();

		assertThat(this.client.version().block(PATIENCE).version()).startsWith("v3.5.1");
	}

	@Test
	void opensTheCircuitWhenArgoCdKeepsFailingSoCallsStopReachingIt() {
		ArgoCdClient guarded = client(properties().withResilience(1, Duration.ZERO, Duration.ofMinutes(10)));
		this.fake.failWith(502);
		for (int i = 0; i < 5; i++) {
			failure(guarded.get(STAGING, "goapps"));
		}
		int reached = this.fake.requestCount("GET", "/api/v1/applications/");
		this.fake.stopFailing();

		ArgoCdException ex = failure(guarded.get(STAGING, "goapps"));

		assertThat(ex).isInstanceOf(ArgoCdException.Unavailable.class).hasMessageContaining("circuit open");
		assertThat(this.fake.requestCount("GET", "/api/v1/applications/")).isEqualTo(reached);
	}

	private ArgoCdProperties properties() {
		return ArgoCdProperties.withToken(this.fake.url().toString(), this.fake.token())
			.withResilience(3, Duration.ofMillis(10), Duration.ofMinutes(1));
	}

	private static ArgoCdClient client(ArgoCdProperties properties) {
		return new WebClientArgoCdClient(properties);
	}

	private static void assertAdded(ApplicationWatchEvent event, String name) {
		assertThat(event.type()).isEqualTo(ApplicationWatchEvent.Type.ADDED);
		assertThat(event.application().name()).isEqualTo(name);
	}

	private static String phase(ApplicationWatchEvent event) {
		OperationState state = (event.application().status() != null) ? event.application().status().operationState()
				: null;
		return (state != null && state.phase() != null && event.application().name().equals(STAGING)
				&& state.operation() != null && state.operation().initiatedBy() != null
				&& FakeArgoCd.ADMIN.equals(state.operation().initiatedBy().username())) ? state.phase() : "";
	}

	private static int indexOf(List<ApplicationWatchEvent> events, String phase) {
		for (int i = 0; i < events.size(); i++) {
			if (phase(events.get(i)).equals(phase)) {
				return i;
			}
		}
		return -1;
	}

	private static ArgoCdException failure(Mono<?> call) {
		return catchThrowableOfType(ArgoCdException.class, () -> call.block(PATIENCE));
	}

}
