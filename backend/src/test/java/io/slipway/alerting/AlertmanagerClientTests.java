package io.slipway.alerting;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading firing alerts from a stub Alertmanager that answers like API v2's
 * {@code GET /api/v2/alerts}: what is asked, what is understood, and that "could not look" never
 * reads as "no alerts".
 */
class AlertmanagerClientTests {

	private static final String FIRING = """
			[{"annotations":{"summary":"Error rate above 5%","runbook_url":"https://runbooks/errors"},
			  "endsAt":"2026-08-10T12:05:00.000Z","fingerprint":"3f2a9c1b7e5d4a60",
			  "receivers":[{"name":"oncall"}],"startsAt":"2026-08-10T11:40:00.000Z",
			  "status":{"inhibitedBy":[],"silencedBy":[],"state":"active"},
			  "updatedAt":"2026-08-10T12:00:00.000Z","generatorURL":"http://prometheus/graph",
			  "labels":{"alertname":"HighErrorRate","service":"payments","severity":"critical","namespace":"goapps-staging"}}]
			""";

	@StartStop
	private final MockWebServer alertmanager = new MockWebServer();

	private FiringAlerts client(URI url, Duration timeout) {
		return new AlertmanagerClient(new AlertmanagerProperties(url, timeout, "service", "critical"),
				WebClient.builder());
	}

	private static Map<String, String> criticalFor(String service) {
		Map<String, String> labels = new LinkedHashMap<>();
		labels.put("service", service);
		labels.put("severity", "critical");
		return labels;
	}

	@Test
	void asksForActiveUnsilencedAlertsFilteredByEachLabelAndReadsThem() throws Exception {
		this.alertmanager.enqueue(new MockResponse.Builder().code(200)
			.setHeader("Content-Type", "application/json")
			.body(FIRING)
			.build());

		StepVerifier.create(client(this.alertmanager.url("/").uri(), Duration.ofSeconds(10))
			.matching(criticalFor("payments"))).assertNext((check) -> {
				assertThat(check.outcome()).isEqualTo(AlertCheck.Outcome.CHECKED);
				assertThat(check.alerts()).singleElement().satisfies((alert) -> {
					assertThat(alert.name()).isEqualTo("HighErrorRate");
					assertThat(alert.summary()).isEqualTo("Error rate above 5%");
					assertThat(alert.labels()).containsEntry("namespace", "goapps-staging");
					assertThat(alert.startsAt()).isEqualTo(Instant.parse("2026-08-10T11:40:00Z"));
				});
			}).verifyComplete();

		RecordedRequest request = this.alertmanager.takeRequest(10, TimeUnit.SECONDS);
		String target = URLDecoder.decode(request.getTarget(), StandardCharsets.UTF_8);
		assertThat(request.getMethod()).isEqualTo("GET");
		assertThat(target).startsWith("/api/v2/alerts?active=true&silenced=false&inhibited=false")
			.contains("filter=service=\"payments\"")
			.contains("filter=severity=\"critical\"");
	}

	@Test
	void noMatchingAlertIsACheckedEmptyAnswer() {
		this.alertmanager.enqueue(new MockResponse.Builder().code(200)
			.setHeader("Content-Type", "application/json")
			.body("[]")
			.build());

		StepVerifier.create(client(this.alertmanager.url("/").uri(), Duration.ofSeconds(10))
			.matching(criticalFor("payments"))).assertNext((check) -> {
				assertThat(check.outcome()).isEqualTo(AlertCheck.Outcome.CHECKED);
				assertThat(check.alerts()).isEmpty();
			}).verifyComplete();
	}

	@Test
	void withoutAUrlTheAnswerIsNotConfiguredAndNothingIsAsked() {
		StepVerifier.create(new AlertmanagerClient(new AlertmanagerProperties(null, Duration.ofSeconds(1), "service",
				"critical"), WebClient.builder()).matching(criticalFor("payments")))
			.assertNext((check) -> {
				assertThat(check.outcome()).isEqualTo(AlertCheck.Outcome.NOT_CONFIGURED);
				assertThat(check.error()).contains("slipway.alertmanager.url");
			})
			.verifyComplete();
		assertThat(this.alertmanager.getRequestCount()).isZero();
	}

	@Test
	void anErrorStatusASilentServerOrAGarbledBodyIsUnreachableWithContext() throws IOException {
		this.alertmanager.enqueue(new MockResponse.Builder().code(503).body("upstream down").build());
		FiringAlerts client = client(this.alertmanager.url("/").uri(), Duration.ofSeconds(10));
		StepVerifier.create(client.matching(criticalFor("payments"))).assertNext((check) -> {
			assertThat(check.outcome()).isEqualTo(AlertCheck.Outcome.UNREACHABLE);
			assertThat(check.error()).startsWith("error reading alerts from http://").contains("503");
		}).verifyComplete();

		this.alertmanager.enqueue(new MockResponse.Builder().code(200)
			.setHeader("Content-Type", "application/json")
			.body("{\"not\":\"a list\"}")
			.build());
		StepVerifier.create(client.matching(criticalFor("payments")))
			.assertNext((check) -> assertThat(check.outcome()).isEqualTo(AlertCheck.Outcome.UNREACHABLE))
			.verifyComplete();

		this.alertmanager.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
		StepVerifier.create(client(this.alertmanager.url("/").uri(), Duration.ofMillis(300))
			.matching(criticalFor("payments"))).assertNext((check) -> {
				assertThat(check.outcome()).isEqualTo(AlertCheck.Outcome.UNREACHABLE);
				assertThat(check.error()).contains("Timeout");
			}).verifyComplete();
	}

}
