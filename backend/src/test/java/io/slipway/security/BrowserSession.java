package io.slipway.security;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a browser keeps between requests: the session cookie and the CSRF token of the last page
 * it rendered. WebTestClient keeps no cookies by itself.
 */
final class BrowserSession {

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private final WebTestClient client;

	private String sessionCookie;

	private String csrfToken;

	private BrowserSession(WebTestClient client, String sessionCookie, String csrfToken) {
		this.client = client;
		this.sessionCookie = sessionCookie;
		this.csrfToken = csrfToken;
	}

	/** Opens the login page, as a browser does before signing in. */
	static BrowserSession openLoginPage(WebTestClient client) {
		EntityExchangeResult<String> page = client.get().uri("/login").accept(MediaType.TEXT_HTML).exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult();
		ResponseCookie cookie = page.getResponseCookies().getFirst("SESSION");
		assertThat(cookie).as("session cookie set by the login page").isNotNull();
		return new BrowserSession(client, Objects.requireNonNull(cookie).getValue(), csrfOf(page.getResponseBody()));
	}

	/** Signs in through the form and follows the session the login hands out. */
	static BrowserSession signIn(WebTestClient client, String user, String password) {
		BrowserSession browser = openLoginPage(client);
		EntityExchangeResult<byte[]> login = browser.postForm("/login", "username", user, "password", password);
		assertThat(login.getStatus()).isEqualTo(HttpStatus.FOUND);
		assertThat(login.getResponseHeaders().getLocation()).hasToString("/");
		ResponseCookie renewed = login.getResponseCookies().getFirst("SESSION");
		if (renewed != null) {
			browser.sessionCookie = renewed.getValue();
		}
		return browser;
	}

	/** GETs a page as a browser does (asking for HTML) with the session and remembers the CSRF token it renders, if any. */
	EntityExchangeResult<String> get(String path) {
		EntityExchangeResult<String> page = this.client.get().uri(path).cookie("SESSION", this.sessionCookie)
			.accept(MediaType.TEXT_HTML)
			.exchange().expectBody(String.class).returnResult();
		String body = page.getResponseBody();
		if (body != null && CSRF_FIELD.matcher(body).find()) {
			this.csrfToken = csrfOf(body);
		}
		return page;
	}

	/** POSTs a form with the session and the CSRF token, as a rendered form would. */
	EntityExchangeResult<byte[]> postForm(String path, String... fields) {
		return post(path, true, fields);
	}

	/** POSTs a form with the session but without the CSRF token, as a forged form would. */
	EntityExchangeResult<byte[]> postFormWithoutCsrf(String path, String... fields) {
		return post(path, false, fields);
	}

	private EntityExchangeResult<byte[]> post(String path, boolean withCsrf, String... fields) {
		var form = new org.springframework.util.LinkedMultiValueMap<String, String>();
		for (int i = 0; i < fields.length; i += 2) {
			form.add(fields[i], fields[i + 1]);
		}
		if (withCsrf) {
			form.add("_csrf", this.csrfToken);
		}
		return this.client.post().uri(path).cookie("SESSION", this.sessionCookie)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(form))
			.exchange()
			.expectBody()
			.returnResult();
	}

	private static String csrfOf(String html) {
		Matcher matcher = CSRF_FIELD.matcher(html);
		assertThat(matcher.find()).as("page renders a CSRF field").isTrue();
		return matcher.group(1);
	}

}
