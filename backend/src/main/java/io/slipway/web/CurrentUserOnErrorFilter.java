package io.slipway.web;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Remembers who is signed in when a request fails, so the error page keeps the user and the
 * sign-out button. Error handlers run outside the security filter chain, where the security
 * context is no longer reachable; this filter runs inside it and only acts on failure.
 */
@Component
class CurrentUserOnErrorFilter implements WebFilter {

	static final String ATTRIBUTE = CurrentUserOnErrorFilter.class.getName() + ".currentUser";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return chain.filter(exchange)
			.onErrorResume((ex) -> exchange.getPrincipal()
				.mapNotNull(CurrentUser::of)
				.doOnNext((user) -> exchange.getAttributes().put(ATTRIBUTE, user))
				.then(Mono.error(ex)));
	}

}
