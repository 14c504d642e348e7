package io.slipway.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.savedrequest.WebSessionServerRequestCache;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes {@link LoginSucceeded} for form sign-ins and {@link LoginFailed} for every failed
 * password (form or Basic), then answers as Spring Security would. Basic successes are not
 * recorded: scripts authenticate on every call. The audit listener writes to the database in the
 * publishing thread, so events are published off the event loop.
 */
final class LoginAudit {

	private final ApplicationEventPublisher events;

	LoginAudit(ApplicationEventPublisher events) {
		this.events = events;
	}

	ServerAuthenticationSuccessHandler formSuccess() {
		RedirectServerAuthenticationSuccessHandler redirect = new RedirectServerAuthenticationSuccessHandler("/");
		// Back to the page that asked for the login.
		redirect.setRequestCache(new WebSessionServerRequestCache());
		return (exchange, authentication) -> publish(new LoginSucceeded(authentication.getName(),
				ApiRequests.remoteAddress(exchange.getExchange().getRequest())))
			.then(redirect.onAuthenticationSuccess(exchange, authentication));
	}

	ServerAuthenticationFailureHandler formFailure() {
		RedirectServerAuthenticationFailureHandler redirect = new RedirectServerAuthenticationFailureHandler(
				"/login?error");
		return (exchange, failure) -> exchange.getExchange()
			.getFormData()
			.map(form -> Objects.toString(form.getFirst("username"), ""))
			.flatMap(name -> publish(new LoginFailed(name, "form", remoteAddress(exchange.getExchange()))))
			.then(redirect.onAuthenticationFailure(exchange, failure));
	}

	ServerAuthenticationFailureHandler basicFailure(ServerAuthenticationEntryPoint entryPoint) {
		ServerAuthenticationEntryPointFailureHandler challenge = new ServerAuthenticationEntryPointFailureHandler(
				entryPoint);
		return (exchange, failure) -> publish(
				new LoginFailed(basicUserName(exchange.getExchange()), "basic", remoteAddress(exchange.getExchange())))
			.then(challenge.onAuthenticationFailure(exchange, failure));
	}

	private Mono<Void> publish(Object event) {
		return Mono.fromRunnable(() -> this.events.publishEvent(event)).subscribeOn(Schedulers.boundedElastic()).then();
	}

	private static String remoteAddress(ServerWebExchange exchange) {
		return ApiRequests.remoteAddress(exchange.getRequest());
	}

	/** The user name half of {@code Authorization: Basic}; the password half is never looked at. */
	private static String basicUserName(ServerWebExchange exchange) {
		String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization == null || authorization.length() < 6) {
			return "";
		}
		try {
			String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
					StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			return (colon >= 0) ? decoded.substring(0, colon) : "";
		}
		catch (IllegalArgumentException ex) {
			return "";
		}
	}

}
