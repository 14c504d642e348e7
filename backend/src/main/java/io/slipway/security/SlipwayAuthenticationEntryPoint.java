package io.slipway.security;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Asks an unauthenticated caller to authenticate: API calls get 401 with a Basic challenge and a
 * problem body (scripts must never be redirected to an HTML form), pages a redirect to the login
 * page, which brings the user back afterwards.
 */
final class SlipwayAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

	static final String CHALLENGE = "Basic realm=\"Slipway\"";

	private final ProblemResponses problems;

	private final RedirectServerAuthenticationEntryPoint loginPage = new RedirectServerAuthenticationEntryPoint(
			"/login");

	SlipwayAuthenticationEntryPoint(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
		if (!ApiRequests.isApi(exchange.getRequest())) {
			return this.loginPage.commence(exchange, ex);
		}
		exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
		String detail = (ApiRequests.credentialScheme(exchange.getRequest()) != null)
				? "the credentials sent were not accepted (wrong user name or password, or unknown or revoked API token)"
				: "authentication required: send HTTP Basic credentials or Authorization: Bearer <api token>";
		return this.problems.write(exchange, HttpStatus.UNAUTHORIZED, detail);
	}

}
