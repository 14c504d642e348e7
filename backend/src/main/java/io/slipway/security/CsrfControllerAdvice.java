package io.slipway.security;

import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Exposes the CSRF token to every template as {@code _csrf}: forms render it as a hidden field
 * and htmx sends it as a header. WebFlux only generates the token when something subscribes.
 */
@ControllerAdvice
class CsrfControllerAdvice {

	@ModelAttribute("_csrf")
	Mono<CsrfToken> csrfToken(ServerWebExchange exchange) {
		Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
		return token != null ? token : Mono.empty();
	}

}
