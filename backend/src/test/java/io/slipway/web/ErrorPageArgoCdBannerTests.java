package io.slipway.web;

import java.time.Duration;
import java.time.Instant;

import io.slipway.argocd.ArgoCdApplications;
import io.slipway.argocd.ArgoCdApplications.CacheState;
import io.slipway.argocd.ArgoCdApplications.Mode;
import io.slipway.platform.Environments;
import io.slipway.security.PermissionMatrix;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockUser;

/**
 * Error pages are pages too: while Argo CD cannot be reached they carry the same banner as every
 * other page, although controller advice (which gives the other pages theirs) does not reach the
 * error handler.
 */
@WebFluxTest(ErrorHandlingTests.FailingController.class)
@Import({ ErrorHandlingTests.FailingController.class, PermissionMatrix.class })
class ErrorPageArgoCdBannerTests {

	private static final Instant SINCE = Instant.parse("2026-11-22T09:59:15Z");

	@Autowired
	private WebTestClient client;

	// the permission matrix reads which environments are protected
	@MockitoBean
	private Environments environments;

	@MockitoBean
	private ArgoCdApplications applications;

	@BeforeEach
	void signedIn() {
		this.client = this.client.mutate()
			.responseTimeout(Duration.ofSeconds(30))
			.apply(mockUser("alice").roles("viewer"))
			.build();
	}

	@Test
	void notFoundPageSaysSinceWhenArgoCdIsUnreachable() {
		given(this.applications.state()).willReturn(new CacheState(Mode.CONNECTING, SINCE.minusSeconds(15), SINCE,
				"error listing applications: Connection refused", 4));

		String html = page("/no-such-page", HttpStatus.NOT_FOUND);

		assertThat(html).contains("<h1>Page not found</h1>")
			.contains("<div id=\"argocd-outage\" class=\"outage-banner\" role=\"alert\">")
			.contains("Argo CD unreachable since 2026-11-22 09:59:15 UTC.")
			.contains("Health and sync are shown as Argo CD last reported them, at 2026-11-22 09:59:00 UTC.")
			.contains("error listing applications: Connection refused");
	}

	@Test
	void serverErrorPageCarriesTheBannerToo() {
		given(this.applications.state()).willReturn(new CacheState(Mode.CONNECTING, null, SINCE,
				"error listing applications: Connection refused", 0));

		assertThat(page("/test/broken-page", HttpStatus.INTERNAL_SERVER_ERROR))
			.contains("<h1>Something went wrong</h1>")
			.contains("Argo CD unreachable since 2026-11-22 09:59:15 UTC.")
			.contains("No application state from Argo CD yet.");
	}

	@Test
	void noBannerOnErrorPagesWhileArgoCdAnswers() {
		given(this.applications.state()).willReturn(new CacheState(Mode.STREAMING, SINCE, null, null, 4));

		assertThat(page("/no-such-page", HttpStatus.NOT_FOUND)).contains("<h1>Page not found</h1>")
			.doesNotContain("outage-banner");
	}

	private String page(String path, HttpStatus status) {
		return this.client.get()
			.uri(path)
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
