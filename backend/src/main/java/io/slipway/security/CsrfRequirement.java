package io.slipway.security;

import java.util.Set;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Which requests must carry a CSRF token. CSRF abuses credentials a browser adds by itself, so
 * the token is required for every state-changing request that could ride on them (a session
 * cookie, or Basic credentials a browser cached) and not for scripts that send their own.
 * <ul>
 * <li>Safe methods never need it.
 * <li>A request with {@code Authorization: Basic} or {@code Bearer} does not, unless a browser
 * marks it as coming from another site ({@code Sec-Fetch-Site}); scripts send no such header.
 * <li>An API call with neither credentials nor cookies has nothing to abuse; it gets its 401.
 * <li>Everything else does, including the login form (no signing a victim into our account).
 * </ul>
 */
final class CsrfRequirement implements ServerWebExchangeMatcher {

	private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
			HttpMethod.TRACE);

	private static final Set<String> NOT_CROSS_SITE = Set.of("same-origin", "none");

	@Override
	public Mono<MatchResult> matches(ServerWebExchange exchange) {
		return requiresToken(exchange.getRequest()) ? MatchResult.match() : MatchResult.notMatch();
	}

	static boolean requiresToken(ServerHttpRequest request) {
		if (SAFE.contains(request.getMethod())) {
			return false;
		}
		if (ApiRequests.credentialScheme(request) != null) {
			String site = request.getHeaders().getFirst("Sec-Fetch-Site");
			return site != null && !NOT_CROSS_SITE.contains(site);
		}
		String path = request.getPath().pathWithinApplication().value();
		boolean api = path.startsWith("/api/");
		return !api || !request.getCookies().isEmpty();
	}

}
