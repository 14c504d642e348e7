package io.slipway.security;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code Authorization: Bearer <api token>}: reads the token from the request and authenticates
 * it as its owner with the owner's current roles. A token whose owner no longer exists is refused.
 */
final class ApiTokenAuthentication {

	private ApiTokenAuthentication() {
	}

	/** Finds a bearer token in the request; no token, no authentication attempt. */
	static final class Converter implements ServerAuthenticationConverter {

		private static final String BEARER = "bearer ";

		@Override
		public Mono<Authentication> convert(ServerWebExchange exchange) {
			String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
			if (authorization == null || authorization.length() <= BEARER.length()
					|| !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
				return Mono.empty();
			}
			return Mono.just(new Unverified(authorization.substring(BEARER.length()).trim()));
		}

	}

	/** Looks the token up (off the event loop) and loads its owner. */
	static final class Manager implements ReactiveAuthenticationManager {

		private final ApiTokenManagement tokens;

		private final LocalUserDirectory users;

		Manager(ApiTokenManagement tokens, LocalUserDirectory users) {
			this.tokens = tokens;
			this.users = users;
		}

		@Override
		public Mono<Authentication> authenticate(Authentication authentication) {
			String secret = (String) authentication.getCredentials();
			return Mono.fromCallable(() -> this.tokens.ownerOf(secret))
				.subscribeOn(Schedulers.boundedElastic())
				.flatMap(Mono::justOrEmpty)
				.flatMap(this.users::findByUsername)
				.<Authentication>map(owner -> UsernamePasswordAuthenticationToken.authenticated(owner, null,
						owner.getAuthorities()))
				.switchIfEmpty(Mono.error(() -> new BadCredentialsException("unknown or revoked API token")));
		}

	}

	/** A bearer token not yet checked. */
	static final class Unverified extends AbstractAuthenticationToken {

		private final String secret;

		Unverified(String secret) {
			super(List.of());
			this.secret = secret;
			setAuthenticated(false);
		}

		@Override
		public Object getCredentials() {
			return this.secret;
		}

		@Override
		public Object getPrincipal() {
			return "api-token";
		}

	}

}
