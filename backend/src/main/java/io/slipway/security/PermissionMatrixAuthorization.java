package io.slipway.security;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Mono;

/**
 * Lets the security filter chain decide every request from the {@link PermissionMatrix}. Without
 * an authenticated caller a non-public path is denied, which the chain turns into a 401 or a
 * redirect to the login page; with one it becomes a 403 when their roles fall short.
 */
final class PermissionMatrixAuthorization implements ReactiveAuthorizationManager<AuthorizationContext> {

	private final PermissionMatrix matrix;

	PermissionMatrixAuthorization(PermissionMatrix matrix) {
		this.matrix = matrix;
	}

	@Override
	public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
		ServerHttpRequest request = context.getExchange().getRequest();
		String path = request.getPath().pathWithinApplication().value();
		if (this.matrix.isPublic(path)) {
			return Mono.just(new AuthorizationDecision(true));
		}
		return authentication.filter(Authentication::isAuthenticated)
			.<AuthorizationResult>map(caller -> new AuthorizationDecision(
					this.matrix.allows(request.getMethod(), path, Role.fromAuthorities(caller.getAuthorities()))))
			.defaultIfEmpty(new AuthorizationDecision(false));
	}

}
