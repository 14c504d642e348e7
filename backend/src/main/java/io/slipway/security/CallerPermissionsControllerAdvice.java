package io.slipway.security;

import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Puts the caller's {@link CallerPermissions} in every page's model as {@code permissions}. */
@ControllerAdvice
class CallerPermissionsControllerAdvice {

	private final PermissionMatrix matrix;

	CallerPermissionsControllerAdvice(PermissionMatrix matrix) {
		this.matrix = matrix;
	}

	@ModelAttribute("permissions")
	Mono<CallerPermissions> permissions(ServerWebExchange exchange) {
		return exchange.getPrincipal()
			.filter(Authentication.class::isInstance)
			.map(principal -> new CallerPermissions(this.matrix,
					Role.fromAuthorities(((Authentication) principal).getAuthorities())))
			.defaultIfEmpty(new CallerPermissions(this.matrix, Set.of()));
	}

}
