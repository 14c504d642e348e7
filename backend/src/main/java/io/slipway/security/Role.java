package io.slipway.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.core.GrantedAuthority;

/**
 * What a user may do in Slipway. Roles add up: a user holds any combination, configured as a
 * comma-separated list ({@code slipway.security.users[N].roles=developer,approver}). Each role
 * becomes the Spring Security authority {@code ROLE_<NAME>}. {@link PermissionMatrix} says which
 * role may call which endpoint; {@link #ADMIN} may call every one.
 */
public enum Role {

	/** Reads everything (services, change requests, promotions, audit) and manages own API tokens. */
	VIEWER,

	/** Onboards services, requests promotions and records checklist items. */
	DEVELOPER,

	/** Approves promotions and change requests; never their own (the feature enforces that). */
	APPROVER,

	/** Rolls back during an incident, lifts holds and signs off the weekly maintenance review. */
	ONCALL,

	/** Everything, including what no other role is granted (deny by default for the rest). */
	ADMIN;

	private static final String AUTHORITY_PREFIX = "ROLE_";

	/** The name used in configuration and documentation: {@code viewer}, {@code oncall}. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The Spring Security authority carrying this role: {@code ROLE_VIEWER}. */
	public String authority() {
		return AUTHORITY_PREFIX + name();
	}

	/** The role named {@code id} (case and surrounding blanks ignored), if there is one. */
	public static Optional<Role> fromId(String id) {
		String wanted = id.trim();
		return Arrays.stream(values()).filter(role -> role.id().equalsIgnoreCase(wanted)).findFirst();
	}

	/** The roles among these authorities; anything else (e.g. factor authorities) is ignored. */
	public static Set<Role> fromAuthorities(Collection<? extends GrantedAuthority> authorities) {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		for (GrantedAuthority authority : authorities) {
			String name = authority.getAuthority();
			if (name != null && name.startsWith(AUTHORITY_PREFIX)) {
				fromId(name.substring(AUTHORITY_PREFIX.length())).ifPresent(roles::add);
			}
		}
		return roles;
	}

}
