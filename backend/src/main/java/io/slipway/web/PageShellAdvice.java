package io.slipway.web;

import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;

/**
 * Gives every page what the layout needs besides the CSRF token: the signed-in user. The error
 * handler adds the user itself (see {@link CurrentUserOnErrorFilter}): controller advice does not
 * reach it.
 */
@ControllerAdvice
class PageShellAdvice {

	static final String CURRENT_USER = "currentUser";

	@ModelAttribute(CURRENT_USER)
	Mono<CurrentUser> currentUser(ServerWebExchange exchange) {
		return exchange.getPrincipal().mapNotNull(CurrentUser::of);
	}

}
