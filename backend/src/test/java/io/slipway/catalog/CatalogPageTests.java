package io.slipway.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.slipway.argocd.ArgoCdApplications.CacheState;
import io.slipway.argocd.ArgoCdApplications.Mode;
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
 * {@code /services}: the matrix of service × environment from Git and the Argo CD cache, its
 * disagreement marker, the cache's freshness on top, and the live updates a page receives.
 */
@CatalogIntegrationTest
class CatalogPageTests {

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
	void eachCellShowsWhatGitDeclaresNextToWhatArgoCdReports() {
		String html = page("/services");

		List<String> cells = Html.cells(Html.element(html, "tr", "service-payments"));
		assertThat(cells.get(0)).startsWith("1.4.0 " + this.git.promoted.substring(0, 7) + " 2026-")
			.contains("Synced Healthy runs 1.4.0 synced 2026-11-21 09:30 UTC")
			.doesNotContain("Drift");
		assertThat(cells.get(1)).startsWith("1.3.0 " + this.git.added.substring(0, 7))
			.contains("Synced Healthy runs 1.2.9")
			.contains("Drift");
		assertThat(cells.get(2)).isEqualTo("services/payments");
		assertThat(Html.element(html, "tr", "service-payments"))
			.contains("<span class=\"badge badge-ok\">Healthy</span>")
			.contains("title=\"Git declares 1.3.0; Argo CD runs 1.2.9 (Synced).\"")
			.contains("cat-cell--drift");
		// the sidecar's image is no release of payments
		assertThat(cells.get(0)).doesNotContain("1.20.0");
	}

	@Test
	void anApplicationArgoCdDoesNotKnowIsMarkedAndAnOutOfSyncOneToo() {
		this.cache.put(Applications.of("payments", "staging")
			.sync("OutOfSync", this.git.promoted)
			.health("Degraded", "Deployment \"payments\" exceeded its progress deadline")
			.images(CatalogScenario.PAYMENTS_IMAGE + ":1.4.0")
			.build());

		String html = page("/services");

		String payments = Html.element(html, "tr", "service-payments");
		assertThat(Html.cells(payments).get(0)).contains("OutOfSync Degraded").contains("Drift");
		assertThat(payments).contains("<span class=\"badge badge-error\">Degraded</span>")
			.contains("title=\"Deployment &quot;payments&quot; exceeded its progress deadline\"");
		String storefront = Html.cells(Html.element(html, "tr", "service-storefront")).get(0);
		assertThat(storefront).startsWith("2.0.0").contains("no application storefront-staging in Argo CD")
			.contains("Not in Argo CD");
		assertThat(Html.cells(Html.element(html, "tr", "service-storefront")).get(1)).isEqualTo("not declared");
	}

	@Test
	void theCacheStateOnTopSaysLiveAndTheFilterKeepsServicesThatNeedAttention() {
		String html = page("/services?attention=true");

		assertThat(Html.text(Html.element(html, "div", "catalog-cache-state"))).startsWith("Live 2 applications");
		assertThat(html).contains("id=\"service-payments\"").contains("id=\"service-storefront\"");
		assertThat(Html.text(html)).contains("2 services, 2 need attention; 2 match.");

		String named = page("/services?q=store");
		assertThat(named).contains("id=\"service-storefront\"").doesNotContain("id=\"service-payments\"");
	}

	@Test
	void withoutArgoCdThePageSaysNotConnectedAndShowsWhatGitDeclares() {
		this.cache.state(new CacheState(Mode.NOT_CONFIGURED, null, null, null, 0));

		String html = page("/services");

		assertThat(Html.text(Html.element(html, "div", "catalog-cache-state")))
			.isEqualTo("Not connected Argo CD is not connected: set slipway.argocd.url to see live health and sync "
					+ "next to what Git declares.");
		String staging = Html.cells(Html.element(html, "tr", "service-payments")).get(0);
		assertThat(staging).startsWith("1.4.0").doesNotContain("Synced").doesNotContain("Drift");
	}

	@Test
	void whenArgoCdIsUnreachableThePageSaysSinceWhenAndStillShowsTheLastReport() {
		Instant lastHeard = Instant.now().minusSeconds(300);
		this.cache.state(new CacheState(Mode.CONNECTING, lastHeard, lastHeard.plusSeconds(10),
				"error streaming from https://argocd.example: connection refused", 2));

		String html = page("/services");

		String banner = Html.text(Html.element(html, "div", "catalog-cache-state"));
		assertThat(banner).startsWith("Unreachable Argo CD unreachable since ")
			.contains("showing what it last reported at")
			.contains("connection refused");
		assertThat(Html.element(html, "div", "catalog-cache-state")).contains("badge-error");
		assertThat(Html.cells(Html.element(html, "tr", "service-payments")).get(0)).contains("Synced Healthy");
	}

	@Test
	void aPageViewedAgainShowsWhatArgoCdReportedSinceAndKeepsTheRest() {
		String before = page("/services");

		this.cache.put(Applications.of("payments", "production")
			.sync("Synced", this.git.added)
			.health("Degraded", "Back-off pulling image")
			.images(CatalogScenario.PAYMENTS_IMAGE + ":1.3.0")
			.build());

		String after = page("/services");
		assertThat(Html.cells(Html.element(after, "tr", "service-payments")).get(1)).startsWith("1.3.0")
			.contains("Synced Degraded runs 1.3.0");
		assertThat(Html.element(after, "tr", "service-storefront"))
			.isEqualTo(Html.element(before, "tr", "service-storefront"));
		assertThat(Html.text(after)).contains("2 services, 2 need attention; 2 match.");
	}

	@Test
	void thePageRendersFromMemoryWithoutCallingArgoCd() {
		page("/services");
		page("/services/payments");

		assertThat(this.argoCd.calls()).isEmpty();
	}

	@Test
	void anOpenPageReceivesTheRowOfAServiceWhoseApplicationChanged() {
		List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
		Disposable stream = this.client.get()
			.uri("/services/stream")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.headers((headers) -> headers.setBasicAuth("viewer", "viewer-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.getResponseBody()
			.subscribe(events::add);
		try {
			// first every row of the page, closing the gap between rendering it and connecting
			await().atMost(Duration.ofSeconds(20))
				.until(() -> events.stream().anyMatch((event) -> "row".equals(event.event())
						&& event.data() != null && event.data().contains("id=\"service-payments\"")));
			assertThat(events).anyMatch((event) -> "state".equals(event.event())
					&& event.data() != null && event.data().contains("id=\"catalog-cache-state\""));

			this.cache.put(Applications.of("payments", "production")
				.sync("Synced", this.git.added)
				.health("Degraded", "Back-off pulling image")
				.images(CatalogScenario.PAYMENTS_IMAGE + ":1.3.0")
				.build());

			await().atMost(Duration.ofSeconds(20))
				.until(() -> events.stream().anyMatch((event) -> "row".equals(event.event())
						&& event.data() != null && event.data().contains("<span class=\"badge badge-error\">Degraded</span>")));
			assertThat(events.stream().filter((event) -> "row".equals(event.event())))
				.allMatch((event) -> event.data().startsWith("<tr id=\"service-"));
		}
		finally {
			stream.dispose();
		}
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
