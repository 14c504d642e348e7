package io.slipway.security;

import java.util.Locale;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Tells API calls from browser page requests, which differ in how they are told to authenticate
 * (401 and a Basic challenge, or a redirect to the login page) and in whether they need CSRF.
 */
final class ApiRequests {

	private ApiRequests() {
	}

	/** API paths, machine endpoints, and any request that brings its own credentials. */
	static boolean isApi(ServerHttpRequest request) {
		String path = request.getPath().pathWithinApplication().value();
		return path.startsWith("/api/") || path.equals("/api") || path.startsWith("/actuator/")
				|| path.startsWith("/v3/") || credentialScheme(request) != null;
	}

	/** {@code basic} or {@code bearer} when the request carries such credentials, else null. */
	static String credentialScheme(ServerHttpRequest request) {
		String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization == null) {
			return null;
		}
		String lower = authorization.toLowerCase(Locale.ROOT);
		if (lower.startsWith("basic ")) {
			return "basic";
		}
		if (lower.startsWith("bearer ")) {
			return "bearer";
		}
		return null;
	}

	static String remoteAddress(ServerHttpRequest request) {
		var address = request.getRemoteAddress();
		return (address != null && address.getAddress() != null) ? address.getAddress().getHostAddress() : "unknown";
	}

}
