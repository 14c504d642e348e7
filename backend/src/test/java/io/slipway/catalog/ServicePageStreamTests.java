package io.slipway.catalog;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /services/{name}/stream}: an open service page hears of every change Argo CD reports to
 * the service's applications as its panels re-rendered, and of nothing else.
 */
@CatalogIntegrationTest
class ServicePageStreamTests {

	private static final Duration LIVE = Duration.ofSeconds(20);

	@Autowired
	private WebTestClient client;

	@Autowired
	private InMemoryArgoCdApplications cache;

	@Autowired
	private StubArgoCdClient argoCd;

	@Autowired
	private CatalogServices git;

	@BeforeEach
	void argoCdReportsTheStandardScenario() {
		CatalogScenario.standard(this.cache, this.argoCd, this.git);
	}

	@Test
	void thePageListensToItsOwnStreamAndNamesWhatAnUpdateReplaces() {
		String page = page("/services/payments");

		assertThat(page).contains("data-live-src=\"/services/payments/stream\"");
		String staging = Html.element(page, "section", "environment-staging");
		assertThat(staging).contains("id=\"badges-staging\"").contains("id=\"live-staging\"");
		// the live part closes the section: everything after its start is replaced by an update
		assertThat(staging.substring(staging.indexOf("id=\"live-staging\""))).contains("Health")
			.contains("Last operation")
			.contains("id=\"history-staging\"")
			.doesNotContain("<form");
	}

	@Test
	void anOpenPageReceivesThePanelsOfTheEnvironmentWhoseApplicationChanged() {
		List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
		Disposable stream = stream("/services/payments/stream", events);
		try {
			// first every panel, closing the gap between rendering the page and connecting
			await().atMost(LIVE).until(() -> panels(events, "production").size() == 1
					&& panels(events, "staging").size() == 1);
			assertThat(panels(events, "production").get(0).strip()).startsWith("<span class=\"cat-env-badges\" id=\"badges-production\">")
				.contains("<div class=\"cat-env-live\" id=\"live-production\">")
				.doesNotContain("<form");

			// another service's change is not this page's business
			this.cache.put(Applications.of("storefront", "staging").sync("Synced", this.git.added)
				.health("Degraded", "storefront is down")
				.build());
			this.cache.put(Applications.of("payments", "production")
				.sync("Synced", this.git.added)
				.health("Degraded", "Back-off pulling image \"registry.example/goapps/payments:1.3.0\"")
				.images(CatalogScenario.PAYMENTS_IMAGE + ":1.2.9")
				.operation("Failed", "one or more objects failed to apply", CatalogServices.SECOND_SYNC,
						CatalogServices.SECOND_SYNC.plusSeconds(40))
				.build());

			await().atMost(LIVE).until(() -> panels(events, "production").size() > 1);
			String production = Html.text(panels(events, "production").get(panels(events, "production").size() - 1));
			assertThat(production).startsWith("Synced Degraded Drift")
				.contains("Health Degraded Back-off pulling image \"registry.example/goapps/payments:1.3.0\"")
				.contains("Last operation Failed Started 2026-11-21 09:30:00 UTC Finished 2026-11-21 09:30:40 UTC "
						+ "one or more objects failed to apply");
			assertThat(events).noneMatch((event) -> event.data() != null && event.data().contains("storefront"));
		}
		finally {
			stream.dispose();
		}
	}

	@Test
	void theStreamAlsoSaysHowFreshArgoCdsStateIs() {
		List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
		Disposable stream = stream("/services/payments/stream", events);
		try {
			await().atMost(LIVE).until(() -> events.stream().anyMatch((event) -> "state".equals(event.event())
					&& event.data() != null && event.data().contains("id=\"catalog-cache-state\"")));
		}
		finally {
			stream.dispose();
		}
	}

	@Test
	void anUnknownServiceHasNoStream() {
		this.client.get()
			.uri("/services/no-such-service/stream")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.headers((headers) -> headers.setBasicAuth("viewer", "viewer-pw"))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	private Disposable stream(String path, List<ServerSentEvent<String>> events) {
		return this.client.get()
			.uri(path)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.headers((headers) -> headers.setBasicAuth("viewer", "viewer-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.getResponseBody()
			.subscribe(events::add);
	}

	private static List<String> panels(List<ServerSentEvent<String>> events, String environment) {
		return events.stream()
			.filter((event) -> "panel".equals(event.event()) && event.data() != null
					&& event.data().contains("id=\"badges-" + environment + "\""))
			.map(ServerSentEvent::data)
			.toList();
	}

	private String page(String path) {
		return this.client.get()
			.uri(path)
			.headers((headers) -> headers.setBasicAuth("viewer", "viewer-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
