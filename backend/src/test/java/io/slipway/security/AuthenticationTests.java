package io.slipway.security;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in: configured users with bcrypt and noop passwords, HTTP Basic for the API without a
 * session, the login form for browsers, and what a wrong password gets in each case.
 */
@SecurityIntegrationTest
class AuthenticationTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private RecordedAuditEvents events;

	@Test
	void configuredUserWithBcryptPasswordSignsInWithBasic() {
		this.client.get().uri("/api/v1/tokens").headers(headers -> headers.setBasicAuth("hashed", "bcrypt-secret"))
			.exchange()
			.expectStatus().isOk()
			.expectBody();
	}

	@Test
	void configuredUserWithBcryptPasswordGetsAllTheirRoles() {
		// "developer, approver": both roles, blanks around the comma ignored.
		this.client.post().uri("/api/v1/promotions/1/approvals")
			.headers(headers -> headers.setBasicAuth("hashed", "bcrypt-secret"))
			.exchange()
			.expectStatus().value(status -> assertThat(status).isNotIn(401, 403))
			.expectBody();
		this.client.post().uri("/api/v1/services/preview")
			.headers(headers -> headers.setBasicAuth("hashed", "bcrypt-secret"))
			.exchange()
			.expectStatus().value(status -> assertThat(status).isNotIn(401, 403))
			.expectBody();
	}

	@Test
	void passwordsAreCheckedButNeverReEncodedOnEachCall(@Autowired PasswordEncoder passwords) {
		// Re-encoding would bcrypt every {noop} password on every Basic call, for nothing.
		assertThat(passwords.matches("viewer-pw", "{noop}viewer-pw")).isTrue();
		assertThat(passwords.matches("bcrypt-secret",
				"{bcrypt}$2a$04$4/QRhJa3NY0EPQpEmkdZF.dV8g62HmCIC/h1NHzIr6wPFxiCsBoJS"))
			.isTrue();
		assertThat(passwords.upgradeEncoding("{noop}viewer-pw")).isFalse();
		assertThat(passwords.upgradeEncoding("{bcrypt}$2a$04$4/QRhJa3NY0EPQpEmkdZF.dV8g62HmCIC/h1NHzIr6wPFxiCsBoJS"))
			.isFalse();
	}

	@Test
	void configuredUserWithNoopPasswordSignsInWithBasic() {
		this.client.get().uri("/api/v1/tokens").headers(headers -> headers.setBasicAuth("viewer", "viewer-pw"))
			.exchange()
			.expectStatus().isOk()
			.expectBody();
	}

	@Test
	void basicAuthenticationStartsNoSession() {
		EntityExchangeResult<byte[]> result = this.client.get().uri("/api/v1/tokens")
			.headers(headers -> headers.setBasicAuth("viewer", "viewer-pw"))
			.exchange()
			.expectStatus().isOk()
			.expectBody().returnResult();
		assertThat(result.getResponseCookies()).doesNotContainKey("SESSION");
	}

	@Test
	void wrongPasswordOnTheApiIsUnauthorizedWithAChallengeAndIsAudited() {
		this.client.get().uri("/api/v1/tokens").headers(headers -> headers.setBasicAuth("hashed", "not-the-password"))
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals("WWW-Authenticate", "Basic realm=\"Slipway\"")
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status").isEqualTo(401)
			.jsonPath("$.detail").value(String.class, detail -> assertThat(detail).doesNotContain("not-the-password"));
		assertThat(this.events.ofType(LoginFailed.class)).anySatisfy(failed -> {
			assertThat(failed.subject()).isEqualTo("hashed");
			assertThat(failed.action()).isEqualTo("auth.login-failed");
			assertThat(failed.details()).containsEntry("method", "basic");
			assertThat(failed.details().toString()).doesNotContain("not-the-password");
		});
	}

	@Test
	void unknownUserOnTheApiIsUnauthorized() {
		this.client.get().uri("/api/v1/services").headers(headers -> headers.setBasicAuth("mallory", "guess"))
			.exchange()
			.expectStatus().isUnauthorized()
			.expectBody();
	}

	@Test
	void wrongPasswordInTheLoginFormReturnsToTheFormWithAnError() {
		BrowserSession browser = BrowserSession.openLoginPage(this.client);
		EntityExchangeResult<byte[]> login = browser.postForm("/login", "username", "developer", "password", "wrong");
		assertThat(login.getStatus()).isEqualTo(HttpStatus.FOUND);
		assertThat(login.getResponseHeaders().getLocation()).hasToString("/login?error");
		assertThat(browser.get("/login?error").getResponseBody()).contains("Wrong user name or password.");
		assertThat(this.events.ofType(LoginFailed.class))
			.anySatisfy(failed -> assertThat(failed).isEqualTo(new LoginFailed("developer", "form", "127.0.0.1")));
	}

	@Test
	void loginFormSignsInAndIsAudited() {
		BrowserSession browser = BrowserSession.signIn(this.client, "approver", "approver-pw");
		assertThat(browser.get("/account/tokens").getStatus()).isEqualTo(HttpStatus.OK);
		assertThat(this.events.ofType(LoginSucceeded.class)).anySatisfy(succeeded -> {
			assertThat(succeeded.actor()).isEqualTo("approver");
			assertThat(succeeded.action()).isEqualTo("auth.login-succeeded");
		});
	}

	@Test
	void basicSuccessIsNotAudited() {
		int before = this.events.ofType(LoginSucceeded.class).size();
		this.client.get().uri("/api/v1/tokens").headers(headers -> headers.setBasicAuth("oncall", "oncall-pw"))
			.exchange()
			.expectStatus().isOk()
			.expectBody();
		assertThat(this.events.ofType(LoginSucceeded.class)).hasSize(before);
	}

	@Test
	void pageWithoutSessionRedirectsToTheLoginPageAndBackAfterSigningIn() {
		BrowserSession browser = BrowserSession.openLoginPage(this.client);
		EntityExchangeResult<String> page = browser.get("/account/tokens");
		assertThat(page.getStatus()).isEqualTo(HttpStatus.FOUND);
		assertThat(page.getResponseHeaders().getLocation()).hasToString("/login");
		browser.get("/login");
		EntityExchangeResult<byte[]> login = browser.postForm("/login", "username", "viewer", "password", "viewer-pw");
		assertThat(login.getResponseHeaders().getLocation()).hasToString("/account/tokens");
	}

	@Test
	void signingOutEndsTheSession() {
		BrowserSession browser = BrowserSession.signIn(this.client, "viewer", "viewer-pw");
		browser.get("/account/tokens");
		EntityExchangeResult<byte[]> logout = browser.postForm("/logout");
		assertThat(logout.getStatus()).isEqualTo(HttpStatus.FOUND);
		assertThat(logout.getResponseHeaders().getLocation()).hasToString("/login?logout");
		assertThat(browser.get("/account/tokens").getResponseHeaders().getLocation()).hasToString("/login");
	}

}
