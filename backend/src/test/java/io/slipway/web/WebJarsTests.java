package io.slipway.web;

import io.slipway.platform.Environments;
import io.slipway.security.PermissionMatrix;
import org.springframework.context.annotation.Import;
import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockUser;

/**
 * Templates link third-party assets without versions ({@code /webjars/htmx.org/dist/htmx.min.js});
 * webjars-locator-lite resolves them. If the locator or a webjar goes missing, pages silently lose
 * their styles and scripts, so each URL the templates use is checked here. (Any controller will
 * do for the slice: only static resource handling is under test.)
 */
@WebFluxTest(WorkflowListController.class)
@Import(PermissionMatrix.class)
class WebJarsTests {

	@Autowired
	private WebTestClient client;

	// the permission matrix reads which environments are protected
	@MockitoBean
	private Environments environments;

	@ParameterizedTest
	@CsvSource({ "/webjars/picocss__pico/css/pico.min.css, text/css", "/webjars/htmx.org/dist/htmx.min.js, text/javascript",
			"/webjars/htmx-ext-sse/sse.js, text/javascript", "/webjars/chart.js/dist/chart.umd.min.js, text/javascript",
			"/css/slipway.css, text/css", "/js/slipway.js, text/javascript" })
	void servesVersionlessAssetUrls(String path, String contentType) {
		this.client.mutate()
			.responseTimeout(Duration.ofSeconds(30))
			.build()
			.mutateWith(mockUser())
			.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.parseMediaType(contentType));
	}

}
