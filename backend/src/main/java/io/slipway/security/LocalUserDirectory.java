package io.slipway.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.slipway.security.AppUserRepository.StoredUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Every local user: those configured under {@code slipway.security.users} first, then those
 * stored in the database (the first-start admin). A configured user shadows a stored one of the
 * same name, so configuration always wins. Role ids that name no {@link Role} are ignored (with a
 * warning at start), so such a user is refused everything but the public paths.
 */
@Component
class LocalUserDirectory implements ReactiveUserDetailsService {

	private static final Logger log = LoggerFactory.getLogger(LocalUserDirectory.class);

	private final Map<String, UserDetails> configured;

	private final AppUserRepository stored;

	LocalUserDirectory(SecurityProperties properties, AppUserRepository stored) {
		this.configured = configuredUsers(properties.users());
		this.stored = stored;
	}

	/** Whether configuration names any user; if not, the first-start admin is needed. */
	boolean hasConfiguredUsers() {
		return !this.configured.isEmpty();
	}

	@Override
	public Mono<UserDetails> findByUsername(String username) {
		UserDetails user = this.configured.get(username);
		if (user != null) {
			// A copy: authentication may erase the credentials of the instance it is given.
			return Mono.just(User.withUserDetails(user).build());
		}
		return Mono.fromCallable(() -> this.stored.findByName(username))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap(Mono::justOrEmpty)
			.map(LocalUserDirectory::toUserDetails);
	}

	private static UserDetails toUserDetails(StoredUser user) {
		return User.withUsername(user.name())
			.password(user.passwordHash())
			.authorities(authorities(user.name(), user.roles()))
			.build();
	}

	private static Map<String, UserDetails> configuredUsers(List<SecurityProperties.User> users) {
		Map<String, UserDetails> byName = new LinkedHashMap<>();
		for (int i = 0; i < users.size(); i++) {
			SecurityProperties.User user = users.get(i);
			String key = "slipway.security.users[" + i + "]";
			String name = user.name();
			if (name == null || name.isBlank()) {
				throw new IllegalStateException(key + ".name is missing");
			}
			String password = user.password();
			if (password == null || !(password.startsWith("{bcrypt}") || password.startsWith("{noop}"))) {
				throw new IllegalStateException(
						key + ".password (user " + name + ") must start with {bcrypt} or {noop}");
			}
			if (password.startsWith("{noop}")) {
				log.warn("User {} has a {} password kept in clear text; use {} outside tests", name, "{noop}", "{bcrypt}");
			}
			if (byName.containsKey(name)) {
				throw new IllegalStateException(key + ".name: user " + name + " is configured twice");
			}
			byName.put(name, User.withUsername(name).password(password).authorities(authorities(name, user.roles())).build());
		}
		return Map.copyOf(byName);
	}

	private static String[] authorities(String user, List<String> roleIds) {
		List<String> authorities = new ArrayList<>();
		for (String id : roleIds) {
			Optional<Role> role = Role.fromId(id);
			if (role.isPresent()) {
				authorities.add(role.get().authority());
			}
			else if (!id.isBlank()) {
				log.warn("User {} has unknown role '{}', ignored; roles are viewer, developer, approver, oncall, admin",
						user, id.trim());
			}
		}
		return authorities.toArray(String[]::new);
	}

}
