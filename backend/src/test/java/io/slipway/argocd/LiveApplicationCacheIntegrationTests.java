package io.slipway.argocd;

import java.nio.file.Path;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.slipway.argocd.ArgoCdApplications.Mode;
import io.slipway.argocd.fake.FakeArgoCd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockUser;

/**
 * The whole application against the fake Argo CD: the cache follows its stream, survives dropped
 * streams and outages, and pages keep answering within a second while Argo CD is down or slow.
 */
@SpringBootTest(properties = { "spring.datasource.url=jdbc:h2:mem:argocd-cache-tests;DB_CLOSE_DELAY=-1",
		"slipway.argocd.reconnect-delay=200ms", "slipway.argocd.max-reconnect-delay=1s",
		"slipway.argocd.poll-interval=500ms", "slipway.argocd.stream-stable-after=500ms",
		"slipway.argocd.stream-idle-timeout=3s", "slipway.argocd.connect-timeout=1s",
		"slipway.argocd.read-timeout=2s", "slipway.argocd.retry-attempts=1",
		"slipway.argocd.circuit-open-duration=500ms" })
@AutoConfigureWebTestClient(timeout = "30s")
@DirtiesContext
class LiveApplicationCacheIntegrationTests {

	private static final Duration RECOVERY = Duration.ofSeconds(20);

	private static final FakeArgoCd argoCd = FakeArgoCd.start();

	static {
		argoCd.setKeepaliveInterval(Duration.ofMillis(500));
		create("orders-staging");
		create("orders-production");
		create("web-staging");
	}

	@TempDir
	static Path dataDir;

	@DynamicPropertySource
	static void connectToTheFake(DynamicPropertyRegistry registry) {
		registry.add("slipway.data-dir", () -> dataDir.toString());
		registry.add("slipway.argocd.url", () -> argoCd.url().toString());
		registry.add("slipway.argocd.token", argoCd::token);
	}

	@Autowired
	private ArgoCdApplications cache;

	@Autowired
	private ArgoCdConnection connection;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private WebTestClient web;

	@AfterAll
	static void stopArgoCd() {
		argoCd.close();
	}

	@BeforeEach
	void argoCdUpAndStreaming() {
		argoCd.setLatency(Duration.ZERO);
		argoCd.comeBack();
		await().atMost(RECOVERY)
			.until(() -> this.cache.state().mode() == Mode.STREAMING && this.cache.state().unreachableSince() == null
					&& argoCd.openStreams() == 1);
	}

	@Test
	void startsFromTheListAndShowsEachChangeWithinOneSecond() {
		assertThat(this.cache.all()).extracting(Application::name)
			.contains("orders-staging", "orders-production", "web-staging");

		argoCd.setHealth("orders-staging", "Degraded", "Back-off restarting failed container");
		await().atMost(Duration.ofSeconds(1)).until(() -> health("orders-staging").equals("Degraded"));

		argoCd.setSync("orders-production", "OutOfSync", "0123456789abcdef0123456789abcdef01234567");
		await().atMost(Duration.ofSeconds(1)).until(() -> this.cache.find("orders-production")
			.map(Application::syncStatus)
			.orElseThrow()
			.equals("OutOfSync"));

		create("cart-staging");
		await().atMost(Duration.ofSeconds(1)).until(() -> this.cache.find("cart-staging").isPresent());

		argoCd.deleteApplication("cart-staging");
		await().atMost(Duration.ofSeconds(1)).until(() -> this.cache.find("cart-staging").isEmpty());
		argoCd.setHealth("orders-staging", "Healthy", null);
		await().atMost(Duration.ofSeconds(1)).until(() -> health("orders-staging").equals("Healthy"));
	}

	@Test
	void whenTheStreamIsDroppedReconnectsAndListsAgain() {
		double reconnects = this.meters.counter("slipway.argocd.reconnects").count();
		int lists = argoCd.requestCount("GET", "/api/v1/applications");

		argoCd.dropStreams();
		argoCd.setHealth("web-staging", "Missing", "deployment web is gone");

		await().atMost(RECOVERY).until(() -> health("web-staging").equals("Missing"));
		await().atMost(RECOVERY).until(() -> argoCd.openStreams() == 1);
		assertThat(this.meters.counter("slipway.argocd.reconnects").count()).isGreaterThan(reconnects);
		assertThat(argoCd.requestCount("GET", "/api/v1/applications")).isGreaterThan(lists);
		argoCd.setHealth("web-staging", "Healthy", null);
		await().atMost(Duration.ofSeconds(1)).until(() -> health("web-staging").equals("Healthy"));
	}

	@Test
	void whileArgoCdIsDownPagesRenderWithinOneSecondWithTheBannerAndCatchUpAfterwards() {
		overview();

		argoCd.goDown();
		argoCd.setHealth("orders-production", "Degraded", "made while Slipway could not see it");

		await().atMost(RECOVERY).until(() -> this.cache.state().unreachableSince() != null);
		assertThat(health("orders-production")).as("the last state Slipway saw").isEqualTo("Healthy");
		String page = timedOverview();
		assertThat(page).contains("Argo CD unreachable since").contains("on http://127.0.0.1:" + argoCd.url().getPort());
		assertThat(this.connection.status().block(Duration.ofSeconds(1)).state())
			.isEqualTo(ArgoCdConnectionStatus.State.UNREACHABLE);

		argoCd.comeBack();

		await().atMost(RECOVERY).until(() -> this.cache.state().mode() == Mode.STREAMING);
		await().atMost(RECOVERY).until(() -> health("orders-production").equals("Degraded"));
		assertThat(this.cache.state().unreachableSince()).isNull();
		assertThat(overview()).doesNotContain("Argo CD unreachable since");
		argoCd.setHealth("orders-production", "Healthy", null);
		await().atMost(Duration.ofSeconds(1)).until(() -> health("orders-production").equals("Healthy"));
	}

	@Test
	void withFiveSecondsOfLatencyPagesStillRenderWithinOneSecond() {
		overview();

		argoCd.setLatency(Duration.ofSeconds(5));
		timedOverview();
		argoCd.dropStreams();

		await().atMost(RECOVERY).until(() -> this.cache.state().unreachableSince() != null);
		assertThat(timedOverview()).contains("Argo CD unreachable since");
	}

	@Test
	void theOverviewShowsArgoCdConnectedWithItsVersionAndTheMetricsAreScraped() {
		await().atMost(RECOVERY).until(() -> this.connection.status().block(Duration.ofSeconds(1)).version() != null);
		ArgoCdConnectionStatus status = this.connection.status().block(Duration.ofSeconds(1));
		assertThat(status.state()).isEqualTo(ArgoCdConnectionStatus.State.CONNECTED);
		assertThat(status.version()).startsWith("v3.5.1");
		assertThat(status.serverUrl()).isEqualTo(argoCd.url().toString());
		assertThat(overview()).contains(status.version()).doesNotContain("Argo CD unreachable since");

		String metrics = this.web.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(metrics).contains("slipway_argocd_events_total{type=\"MODIFIED\"}")
			.contains("slipway_argocd_reconnects_total")
			.contains("slipway_argocd_staleness_seconds")
			.contains("slipway_argocd_applications");
	}

	private String health(String name) {
		return this.cache.find(name).map(Application::healthStatus).orElse("absent");
	}

	private String timedOverview() {
		long started = System.nanoTime();
		String page = overview();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
		return page;
	}

	private String overview() {
		return this.web.mutateWith(mockUser("alice").roles("admin"))
			.get()
			.uri("/")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	private static void create(String name) {
		String service = name.substring(0, name.lastIndexOf('-'));
		String environment = name.substring(name.lastIndexOf('-') + 1);
		argoCd.createApplication(name, "goapps", "https://git.example/infra.git",
				"services/" + service + "/overlays/" + environment, "goapps-" + environment, "1.4.2");
	}

}
