package io.slipway.security;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.csrf.CsrfException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Refuses an authenticated caller with 403 and says why: which roles the call needs (from the
 * {@link PermissionMatrix}), or that the form's CSRF token was missing.
 */
final class SlipwayAccessDeniedHandler implements ServerAccessDeniedHandler {

	private final PermissionMatrix matrix;

	private final ProblemResponses problems;

	SlipwayAccessDeniedHandler(PermissionMatrix matrix, ProblemResponses problems) {
		this.matrix = matrix;
		this.problems = problems;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		var request = exchange.getRequest();
		String detail = (denied instanceof CsrfException)
				? "missing or invalid CSRF token: reload the page and submit again"
						+ " (API clients authenticate with HTTP Basic or a Bearer token instead of a session)"
				: this.matrix.refusal(request.getMethod(), request.getPath().pathWithinApplication().value());
		return this.problems.write(exchange, HttpStatus.FORBIDDEN, detail);
	}

}
