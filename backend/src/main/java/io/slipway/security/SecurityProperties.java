package io.slipway.security;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code slipway.security.*}: local users from configuration. They are read on every start and
 * never stored, so changing a password or a role is a configuration change and a restart.
 *
 * @param users {@code slipway.security.users[N]}; when empty, Slipway creates a first-start
 * {@code admin} in its database
 */
@ConfigurationProperties("slipway.security")
record SecurityProperties(@Nullable List<User> users) {

	SecurityProperties {
		users = (users != null) ? List.copyOf(users) : List.of();
	}

	/**
	 * One configured user.
	 *
	 * @param name the user name to sign in with
	 * @param password {@code {bcrypt}<hash>} or {@code {noop}<plain text>}
	 * @param roles role ids ({@code viewer, developer, approver, oncall, admin}), comma-separated
	 * in a single property
	 * @param groups group names ({@code release-managers}), comma-separated; an environment can
	 * require its promotion approvers to be in one
	 */
	record User(@Nullable String name, @Nullable String password, @Nullable List<String> roles,
			@Nullable List<String> groups) {

		User {
			roles = (roles != null) ? List.copyOf(roles) : List.of();
			groups = (groups != null) ? groups.stream().map(String::trim).filter((group) -> !group.isEmpty()).toList()
					: List.of();
		}

	}

}
