package io.slipway.argocd;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.slipway.argocd.ArgoCdApplications.CacheState;
import io.slipway.argocd.ArgoCdApplications.Mode;
import io.slipway.argocd.ArgoCdConnectionStatus.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The overview's Argo CD card: what it says in each situation, and that it answers at once
 * whatever Argo CD is doing.
 */
class LiveArgoCdConnectionTests {

	private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

	private final ScriptedArgoCdClient argoCd = new ScriptedArgoCdClient();

	private final FixedState cache = new FixedState();

	private LiveArgoCdConnection connection;

	@AfterEach
	void stop() {
		if (this.connection != null) {
			this.connection.stop();
		}
	}

	@Test
	void connectedShowsTheVersionAndHowStaleTheApplicationsAre() {
		this.cache.state = new CacheState(Mode.STREAMING, NOW.minusSeconds(3), null, null, 2);
		start("https://argocd.example:8443/argo/");

		await().atMost(Duration.ofSeconds(10)).until(() -> status().version() != null);
		ArgoCdConnectionStatus status = status();
		assertThat(status.state()).isEqualTo(State.CONNECTED);
		assertThat(status.version()).isEqualTo("v3.5.1+109ca7c");
		assertThat(status.serverUrl()).isEqualTo("https://argocd.example:8443/argo");
		assertThat(status.message()).isEqualTo("Streaming changes; 2 applications, last synced 3 s ago");
		assertThat(status.lastSyncedAt()).isEqualTo(NOW.minusSeconds(3));
		assertThat(status.toString()).doesNotContain("header.payload.signature");
	}

	@Test
	void pollingSaysWhyTheStreamIsNotUsed() {
		this.cache.state = new CacheState(Mode.POLLING, NOW.minusSeconds(4), null,
				"error streaming applications: 404 Not Found", 2);
		start("https://argocd.example");

		assertThat(status().state()).isEqualTo(State.CONNECTED);
		assertThat(status().message()).isEqualTo("Listing every 10 s because the stream keeps failing "
				+ "(error streaming applications: 404 Not Found); 2 applications, last synced 4 s ago");
	}

	@Test
	void unreachableSaysSinceWhenAndTheLastErrorAndKeepsTheLastKnownVersion() {
		this.cache.state = new CacheState(Mode.STREAMING, NOW.minusSeconds(3), null, null, 2);
		start("https://argocd.example");
		await().atMost(Duration.ofSeconds(10)).until(() -> status().version() != null);

		this.argoCd.goDown();
		this.cache.state = new CacheState(Mode.CONNECTING, NOW.minusSeconds(60), NOW.minusSeconds(45),
				"error listing applications: Connection refused", 2);

		ArgoCdConnectionStatus status = status();
		assertThat(status.state()).isEqualTo(State.UNREACHABLE);
		assertThat(status.version()).isEqualTo("v3.5.1+109ca7c");
		assertThat(status.message()).isEqualTo("Unreachable since 2026-11-22T09:59:15Z: error listing applications: "
				+ "Connection refused; showing applications as of 2026-11-22T09:59:00Z");
	}

	@Test
	void beforeArgoCdEverAnsweredItIsNotCalledConnected() {
		this.cache.state = new CacheState(Mode.CONNECTING, null, null, null, 0);
		start("https://argocd.example");

		assertThat(status().state()).isEqualTo(State.UNREACHABLE);
		assertThat(status().message()).isEqualTo("Connecting: no answer yet");
	}

	@Test
	void answersAtOnceWhileArgoCdHangsAndNeverCallsItForAStatus() {
		this.cache.state = new CacheState(Mode.STREAMING, NOW, null, null, 0);
		ScriptedArgoCdClient hanging = new ScriptedArgoCdClient() {
			@Override
			public Mono<ArgoCdVersion> version() {
				super.version();
				return Mono.never();
			}
		};
		this.connection = new LiveArgoCdConnection(hanging, this.cache, connection("https://argocd.example"),
				LiveCacheProperties.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
		this.connection.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> hanging.calls() == 1);

		StepVerifier.create(Flux.range(0, 20).concatMap((i) -> this.connection.status()))
			.expectNextCount(20)
			.expectComplete()
			.verify(Duration.ofSeconds(1));
		assertThat(hanging.calls()).isOne();
	}

	@Test
	void withoutAUrlIsNotConnectedAndCallsNothing() {
		this.connection = new LiveArgoCdConnection(this.argoCd, this.cache, ArgoCdProperties.notConfigured(),
				LiveCacheProperties.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
		this.connection.start();

		ArgoCdConnectionStatus status = status();
		assertThat(status.state()).isEqualTo(State.NOT_CONNECTED);
		assertThat(status.message()).isEqualTo("Argo CD not configured: set slipway.argocd.url");
		assertThat(status.serverUrl()).isNull();
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> this.argoCd.calls() == 0);
	}

	private void start(String url) {
		this.connection = new LiveArgoCdConnection(this.argoCd, this.cache, connection(url),
				LiveCacheProperties.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
		this.connection.start();
	}

	private ArgoCdConnectionStatus status() {
		return this.connection.status().block(Duration.ofSeconds(1));
	}

	private static ArgoCdProperties connection(String url) {
		return ArgoCdProperties.withToken(url, "header.payload.signature");
	}

	/** The cache as the test sets it. */
	private static final class FixedState implements ArgoCdApplications {

		volatile CacheState state = new CacheState(Mode.CONNECTING, null, null, null, 0);

		@Override
		public Collection<Application> all() {
			return List.of();
		}

		@Override
		public Optional<Application> find(String name) {
			return Optional.empty();
		}

		@Override
		public CacheState state() {
			return this.state;
		}

		@Override
		public Flux<ApplicationChanged> changes() {
			return Flux.never();
		}

	}

}
