package io.slipway.security;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * The groups each local user belongs to ({@code slipway.security.users[N].groups}), for rules
 * that depend on more than a role, such as "approvals of a production promotion must come from
 * release managers". Users stored in the database (the first-start admin) belong to no group.
 * Groups come from configuration and are read once at start, like the users themselves.
 */
@Component
public class UserGroups {

	private final Map<String, Set<String>> byUser;

	UserGroups(SecurityProperties properties) {
		this.byUser = properties.users()
			.stream()
			.filter((user) -> user.name() != null)
			.collect(Collectors.toUnmodifiableMap(SecurityProperties.User::name,
					(user) -> Set.copyOf(user.groups()), (first, second) -> first));
	}

	/**
	 * @param user a user name
	 * @return the user's groups; empty for an unknown user or one without groups
	 */
	public Set<String> groupsOf(String user) {
		return this.byUser.getOrDefault(user, Set.of());
	}

	/**
	 * @param user a user name
	 * @param group a group name
	 * @return whether the user belongs to the group
	 */
	public boolean isMember(String user, String group) {
		return groupsOf(user).contains(group);
	}

	/**
	 * Every configured user with their groups, for pages that explain who may approve.
	 * @return user name to groups
	 */
	public Map<String, List<String>> all() {
		return this.byUser.entrySet()
			.stream()
			.collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, (entry) -> entry.getValue().stream().sorted().toList()));
	}

}
