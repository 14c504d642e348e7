package io.slipway.security;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What protects the browser: CSRF tokens on session forms, the session cookie's flags, the
 * security headers, and the account page where users manage their API tokens.
 */
@SecurityIntegrationTest
class BrowserSecurityTests {

	private static final Pattern SECRET = Pattern.compile("slw_[A-Za-z0-9]{40}");

	@Autowired
	private WebTestClient client;

	@Test
	void sessionFormWithoutCsrfTokenIsRefused() {
		BrowserSession browser = BrowserSession.signIn(this.client, "viewer", "viewer-pw");
		browser.get("/account/tokens");
		EntityExchangeResult<byte[]> forged = browser.postFormWithoutCsrf("/account/tokens", "name", "forged");
		assertThat(forged.getStatus()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(browser.get("/account/tokens").getResponseBody()).doesNotContain("forged");
	}

	@Test
	void loginFormWithoutCsrfTokenIsRefused() {
		BrowserSession browser = BrowserSession.openLoginPage(this.client);
		EntityExchangeResult<byte[]> forged = browser.postFormWithoutCsrf("/login", "username", "viewer", "password",
				"viewer-pw");
		assertThat(forged.getStatus()).isEqualTo(HttpStatus.FORBIDDEN);
	}

	@Test
	void sessionApiCallWithoutCsrfTokenIsRefused() {
		BrowserSession browser = BrowserSession.signIn(this.client, "viewer", "viewer-pw");
		EntityExchangeResult<byte[]> forged = browser.postFormWithoutCsrf("/api/v1/tokens", "name", "forged");
		assertThat(forged.getStatus()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(forged.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void basicCredentialsSentCrossSiteByABrowserNeedTheCsrfToken() {
		this.client.post().uri("/api/v1/tokens").headers(headers -> {
			headers.setBasicAuth("viewer", "viewer-pw");
			headers.set("Sec-Fetch-Site", "cross-site");
		}).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"cross\"}").exchange().expectStatus().isForbidden()
			.expectBody();
	}

	@Test
	void sessionCookieIsHttpOnlyAndSameSiteLax() {
		ResponseCookie session = this.client.get().uri("/login").accept(MediaType.TEXT_HTML).exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseCookies().getFirst("SESSION");
		assertThat(session).isNotNull();
		assertThat(session.isHttpOnly()).isTrue();
		assertThat(session.getSameSite()).isEqualTo("Lax");
	}

	@Test
	void responsesCarrySecurityHeaders() {
		this.client.get().uri("/login").exchange()
			.expectHeader().value("Content-Security-Policy", csp -> assertThat(csp).contains("script-src 'self'")
				.contains("style-src 'self'").contains("frame-ancestors 'none'"))
			.expectHeader().valueEquals("Referrer-Policy", "same-origin")
			.expectHeader().valueEquals("X-Frame-Options", "DENY")
			.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
			.expectBody();
	}

	@Test
	void accountPageCreatesShowsOnceAndRevokesATokenWithoutJavaScript() {
		BrowserSession browser = BrowserSession.signIn(this.client, "oncall", "oncall-pw");
		assertThat(browser.get("/account/tokens").getResponseBody()).contains("API tokens");

		EntityExchangeResult<byte[]> created = browser.postForm("/account/tokens", "name", "laptop");
		assertThat(created.getStatus()).isEqualTo(HttpStatus.SEE_OTHER);
		assertThat(created.getResponseHeaders().getLocation()).hasToString("/account/tokens");

		String page = browser.get("/account/tokens").getResponseBody();
		Matcher secret = SECRET.matcher(page);
		assertThat(secret.find()).as("secret shown after creation").isTrue();
		this.client.get().uri("/api/v1/tokens").headers(headers -> headers.setBearerAuth(secret.group()))
			.exchange()
			.expectStatus().isOk()
			.expectBody();
		String again = browser.get("/account/tokens").getResponseBody();
		assertThat(again).contains("laptop").doesNotContain(secret.group());

		Matcher revoke = Pattern.compile("action=\"(/account/tokens/\\d+/revoke)\"").matcher(again);
		assertThat(revoke.find()).isTrue();
		EntityExchangeResult<byte[]> revoked = browser.postForm(revoke.group(1));
		assertThat(revoked.getResponseHeaders().getLocation()).hasToString("/account/tokens?revoked");
		assertThat(browser.get("/account/tokens?revoked").getResponseBody()).contains("Token revoked.")
			.doesNotContain("laptop");
		this.client.get().uri("/api/v1/tokens").headers(headers -> headers.setBearerAuth(secret.group()))
			.exchange()
			.expectStatus().isUnauthorized()
			.expectBody();
	}

	@Test
	void accountPageShowsTheCallersRoles() {
		BrowserSession browser = BrowserSession.signIn(this.client, "hashed", "bcrypt-secret");
		assertThat(browser.get("/account/tokens").getResponseBody()).contains("Your roles: developer, approver.");
	}

	@Test
	void accountPageExplainsAnInvalidName() {
		BrowserSession browser = BrowserSession.signIn(this.client, "viewer", "viewer-pw");
		browser.get("/account/tokens");
		EntityExchangeResult<byte[]> invalid = browser.postForm("/account/tokens", "name", " ");
		assertThat(invalid.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(new String(invalid.getResponseBodyContent())).contains("Give the token a name.");
	}

}
