package io.slipway.argocd;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.slipway.argocd.ArgoCdApplications.ApplicationChanged;
import io.slipway.argocd.ArgoCdApplications.CacheState;
import io.slipway.argocd.ArgoCdApplications.Mode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The cache against a scripted Argo CD: what pages see while the stream runs, breaks, goes silent
 * or keeps failing, with delays configured in milliseconds instead of seconds.
 */
class LiveApplicationCacheTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ScriptedArgoCdClient argoCd = new ScriptedArgoCdClient();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final List<ApplicationChanged> changes = new CopyOnWriteArrayList<>();

	private LiveApplicationCache cache;

	private Disposable subscription;

	@AfterEach
	void stop() {
		if (this.subscription != null) {
			this.subscription.dispose();
		}
		if (this.cache != null) {
			this.cache.stop();
		}
	}

	@Test
	void listsThenAppliesStreamEventsInTheOrderArgoCdSentThem() {
		this.argoCd.put("orders-staging", "Healthy");
		this.argoCd.put("web-staging", "Healthy");
		startStreaming();
		assertThat(this.cache.all()).extracting(Application::name).containsExactlyInAnyOrder("orders-staging",
				"web-staging");

		this.argoCd.put("orders-staging", "Degraded");
		this.argoCd.put("payments-staging", "Progressing");
		this.argoCd.delete("web-staging");
		this.argoCd.put("orders-staging", "Healthy");

		await().atMost(WAIT).until(() -> this.changes.size() == 4);
		assertThat(this.changes).extracting(ApplicationChanged::name, LiveApplicationCacheTests::health)
			.containsExactly(tuple("orders-staging", "Degraded"), tuple("payments-staging", "Progressing"),
					tuple("web-staging", null), tuple("orders-staging", "Healthy"));
		assertThat(this.cache.find("orders-staging")).map(Application::healthStatus).contains("Healthy");
		assertThat(this.cache.find("web-staging")).isEmpty();
		assertThat(this.cache.state().applications()).isEqualTo(2);
		assertThat(this.argoCd.lists()).isOne();
		assertThat(this.argoCd.watches()).isOne();
		assertThat(this.meters.counter("slipway.argocd.events", "type", "MODIFIED").count()).isEqualTo(2);
		// two replayed when the stream opened, one new
		assertThat(this.meters.counter("slipway.argocd.events", "type", "ADDED").count()).isEqualTo(3);
		assertThat(this.meters.counter("slipway.argocd.events", "type", "DELETED").count()).isEqualTo(1);
		assertThat(this.meters.get("slipway.argocd.applications").gauge().value()).isEqualTo(2);
	}

	@Test
	void aChangeBetweenTheListAndTheStreamIsNotLost() {
		this.argoCd.put("orders-staging", "Healthy");
		this.argoCd.beforeNextWatch(() -> {
			this.argoCd.putSilently("orders-staging", "Degraded");
			this.argoCd.putSilently("payments-staging", "Progressing");
		});

		start(properties());

		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(this.cache.find("orders-staging")).map(Application::healthStatus)
				.contains("Degraded"));
		assertThat(this.cache.find("payments-staging")).map(Application::healthStatus).contains("Progressing");
		assertThat(this.changes).extracting(ApplicationChanged::name, LiveApplicationCacheTests::health)
			.containsExactly(tuple("orders-staging", "Healthy"), tuple("orders-staging", "Degraded"),
					tuple("payments-staging", "Progressing"));
		// caught up from the stream itself, not by listing again
		assertThat(this.argoCd.lists()).isOne();
	}

	@Test
	void theStreamsOpeningReplayOfWhatTheListBroughtTellsSubscribersNothing() {
		this.argoCd.put("orders-staging", "Healthy");
		this.argoCd.put("web-staging", "Healthy");

		start(properties());

		await().atMost(WAIT)
			.until(() -> this.meters.counter("slipway.argocd.events", "type", "ADDED").count() == 2);
		assertThat(this.changes).extracting(ApplicationChanged::name)
			.containsExactlyInAnyOrder("orders-staging", "web-staging");
		assertThat(this.cache.state().applications()).isEqualTo(2);
	}

	@Test
	void afterTheStreamEndsListsAgainAndReportsWhatChangedMeanwhile() {
		this.argoCd.put("orders-staging", "Healthy");
		this.argoCd.put("web-staging", "Healthy");
		this.argoCd.put("cart-staging", "Healthy");
		startStreaming();
		Instant firstSync = this.cache.state().lastSyncedAt();

		// Changes whose events never reach Slipway, then the stream ends.
		this.argoCd.putSilently("orders-staging", "Degraded");
		this.argoCd.deleteSilently("web-staging");
		this.argoCd.putSilently("payments-staging", "Healthy");
		this.argoCd.endStreams();

		await().atMost(WAIT).until(() -> this.argoCd.openStreams() == 1 && this.argoCd.lists() == 2);
		assertThat(this.cache.find("orders-staging")).map(Application::healthStatus).contains("Degraded");
		assertThat(this.cache.find("web-staging")).isEmpty();
		assertThat(this.cache.find("payments-staging")).isPresent();
		assertThat(this.changes).extracting(ApplicationChanged::name, LiveApplicationCacheTests::health)
			.containsExactlyInAnyOrder(tuple("orders-staging", "Degraded"), tuple("web-staging", null),
					tuple("payments-staging", "Healthy"));
		assertThat(this.cache.state().lastSyncedAt()).isAfterOrEqualTo(firstSync);
		assertThat(this.cache.state().unreachableSince()).isNull();
		assertThat(this.meters.counter("slipway.argocd.reconnects").count()).isEqualTo(1);

		// and the new stream feeds the cache again
		this.argoCd.put("cart-staging", "Degraded");
		await().atMost(WAIT)
			.until(() -> this.cache.find("cart-staging").map(Application::healthStatus).orElseThrow(),
					"Degraded"::equals);
	}

	@Test
	void whileArgoCdIsDownServesTheLastStateAndSaysSinceWhen() {
		this.argoCd.put("orders-staging", "Healthy");
		startStreaming();

		this.argoCd.goDown();

		await().atMost(WAIT).until(() -> this.cache.state().unreachableSince() != null);
		Instant since = this.cache.state().unreachableSince();
		int lists = this.argoCd.lists();
		await().atMost(WAIT).until(() -> this.argoCd.lists() >= lists + 2);
		CacheState down = this.cache.state();
		assertThat(down.unreachableSince()).as("the first failure of the outage").isEqualTo(since);
		assertThat(down.lastError()).startsWith("error listing applications: ").contains("Connection refused");
		assertThat(this.cache.find("orders-staging")).map(Application::healthStatus).contains("Healthy");
		assertThat(down.stalenessSeconds(Instant.now())).isNotNegative();

		this.argoCd.comeBack();

		await().atMost(WAIT).until(() -> this.cache.state().mode() == Mode.STREAMING);
		assertThat(this.cache.state().unreachableSince()).isNull();
		assertThat(this.cache.state().lastError()).isNull();
		this.argoCd.put("orders-staging", "Degraded");
		await().atMost(WAIT)
			.until(() -> this.cache.find("orders-staging").map(Application::healthStatus).orElseThrow(),
					"Degraded"::equals);
	}

	@Test
	void pollsWhenTheStreamKeepsFailingAndStreamsAgainOnceItHolds() {
		this.argoCd.put("orders-staging", "Healthy");
		this.argoCd.failStreams(new ArgoCdException.Protocol(
				"error streaming applications from http://127.0.0.1:1: 404 Not Found", 404, "Not Found"));
		start(properties());

		await().atMost(WAIT).until(() -> this.cache.state().mode() == Mode.POLLING);
		this.argoCd.putSilently("orders-staging", "Degraded");
		await().atMost(WAIT)
			.until(() -> this.cache.find("orders-staging").map(Application::healthStatus).orElseThrow(),
					"Degraded"::equals);
		CacheState polling = this.cache.state();
		assertThat(polling.unreachableSince()).as("the list answers, so Argo CD is reachable").isNull();
		assertThat(polling.lastError()).isEqualTo(
				"error streaming applications: error streaming applications from http://127.0.0.1:1: 404 Not Found");

		this.argoCd.failStreams(null);

		await().atMost(WAIT).until(() -> this.cache.state().mode() == Mode.STREAMING);
		int lists = this.argoCd.lists();
		await().during(Duration.ofMillis(600)).atMost(WAIT).until(() -> this.argoCd.lists() == lists);
		this.argoCd.put("orders-staging", "Healthy");
		await().atMost(WAIT)
			.until(() -> this.cache.find("orders-staging").map(Application::healthStatus).orElseThrow(),
					"Healthy"::equals);
	}

	@Test
	void aStreamThatEndsAtOnceEveryTimeCountsAsFailingToo() {
		this.argoCd.endStreamsAtOnce(true);
		start(properties());

		await().atMost(WAIT).until(() -> this.cache.state().mode() == Mode.POLLING);
		assertThat(this.cache.state().lastError()).isEqualTo("the application stream ended");
		assertThat(this.cache.state().unreachableSince()).isNull();
	}

	@Test
	void reconnectsWhenTheStreamGoesSilentForTwiceTheKeepaliveInterval() {
		this.argoCd.put("orders-staging", "Healthy");
		startStreaming();
		this.argoCd.keepalive();

		await().atMost(WAIT).until(() -> this.argoCd.watches() == 2);
		assertThat(this.meters.counter("slipway.argocd.reconnects").count()).isEqualTo(1);
	}

	@Test
	void keepalivesKeepAQuietStreamAndRefreshTheStaleness() {
		this.argoCd.put("orders-staging", "Healthy");
		startStreaming();
		Instant listed = this.cache.state().lastSyncedAt();

		// Twice the idle timeout with a keepalive every 100 ms.
		Flux.interval(Duration.ofMillis(100)).take(12).doOnNext((tick) -> this.argoCd.keepalive()).blockLast(WAIT);

		assertThat(this.argoCd.watches()).isOne();
		assertThat(this.cache.state().lastSyncedAt()).isAfter(listed);
		assertThat(this.meters.get("slipway.argocd.staleness").gauge().value()).isBetween(0.0, 1.0);
	}

	@Test
	void aSlowSubscriberDoesNotHoldUpTheCache() {
		startStreaming();
		List<ApplicationChanged> slow = new CopyOnWriteArrayList<>();
		this.cache.changes().subscribe(new BaseSubscriber<>() {
			@Override
			protected void hookOnSubscribe(Subscription subscription) {
				subscription.request(1);
			}

			@Override
			protected void hookOnNext(ApplicationChanged value) {
				slow.add(value);
			}
		});

		for (int i = 0; i < 50; i++) {
			this.argoCd.put("app-" + i, "Healthy");
		}

		await().atMost(WAIT).until(() -> this.cache.all().size() == 50 && this.changes.size() == 50);
		assertThat(slow).hasSize(1);
	}

	@Test
	void withoutAUrlMakesNoCallAtAll() {
		this.cache = new LiveApplicationCache(this.argoCd, ArgoCdProperties.notConfigured(), properties(),
				this.meters);
		this.cache.start();

		await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> this.argoCd.calls() == 0);
		assertThat(this.cache.state().mode()).isEqualTo(Mode.NOT_CONFIGURED);
		assertThat(this.cache.all()).isEmpty();
		assertThat(this.cache.find("orders-staging")).isEmpty();
	}

	@Test
	void stopsCleanlyClosingTheStream() {
		this.argoCd.put("orders-staging", "Healthy");
		startStreaming();

		this.cache.stop();

		await().atMost(WAIT).until(() -> this.argoCd.openStreams() == 0);
		int calls = this.argoCd.calls();
		this.argoCd.endStreams();
		await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> this.argoCd.calls() == calls);
		assertThat(this.cache.isRunning()).isFalse();
	}

	@Test
	void backsOffExponentiallyWithJitterUpToTheLongestDelay() {
		LiveApplicationCache backoff = new LiveApplicationCache(this.argoCd, connection(),
				new LiveCacheProperties(null, Duration.ofSeconds(1), Duration.ofSeconds(30), null, null, null),
				this.meters);

		for (int i = 0; i < 20; i++) {
			assertThat(backoff.backoff(1)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
			assertThat(backoff.backoff(3)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
			assertThat(backoff.backoff(6)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
			assertThat(backoff.backoff(60)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
		}
	}

	private void startStreaming() {
		start(properties());
		await().atMost(WAIT).until(() -> this.cache.state().mode() == Mode.STREAMING && this.argoCd.openStreams() == 1);
		// what the first list brought is not what the tests look at
		this.changes.clear();
	}

	private void start(LiveCacheProperties properties) {
		this.cache = new LiveApplicationCache(this.argoCd, connection(), properties, this.meters);
		this.subscription = this.cache.changes().subscribe(this.changes::add);
		this.cache.start();
	}

	private static LiveCacheProperties properties() {
		return new LiveCacheProperties(Duration.ofMillis(100), Duration.ofMillis(20), Duration.ofMillis(100), 3,
				Duration.ofMillis(200), Duration.ofMinutes(5));
	}

	/** A stream silent for 300 ms is dead. */
	private static ArgoCdProperties connection() {
		return ArgoCdProperties.withToken("http://127.0.0.1:1", "header.payload.signature")
			.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(300));
	}

	private static String health(ApplicationChanged change) {
		return (change.application() != null) ? change.application().healthStatus() : null;
	}

}
