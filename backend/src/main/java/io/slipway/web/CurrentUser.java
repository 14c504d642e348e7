package io.slipway.web;

import java.security.Principal;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The signed-in user as the page shell shows it. Passed in the model rather than read with the
 * Thymeleaf security dialect, which finds no authentication when an error page is rendered.
 *
 * @param name the user name
 * @param roles role names without the {@code ROLE_} prefix, e.g. {@code admin}
 */
record CurrentUser(String name, List<String> roles) {

	private static final String ROLE_PREFIX = "ROLE_";

	/**
	 * The user behind a principal, or {@code null} for nobody or an anonymous visitor.
	 */
	static @Nullable CurrentUser of(@Nullable Principal principal) {
		if (!(principal instanceof Authentication authentication) || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return null;
		}
		// Security 7 adds factor authorities (FACTOR_PASSWORD) next to roles: only roles mean something to people.
		List<String> roles = authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority != null && authority.startsWith(ROLE_PREFIX))
			.map((authority) -> authority.substring(ROLE_PREFIX.length()))
			.sorted()
			.toList();
		return new CurrentUser(authentication.getName(), roles);
	}

}
