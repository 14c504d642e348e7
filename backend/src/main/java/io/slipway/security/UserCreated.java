package io.slipway.security;

import java.util.List;
import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * A local user was stored in Slipway's database, e.g. the {@code admin} created on first start
 * when no users are configured. Users from configuration are not stored and raise no event.
 *
 * @param actor who created it ({@code system} on first start)
 * @param name the new user's name
 * @param roles the role ids granted
 */
public record UserCreated(String actor, String name, List<String> roles) implements AuditableEvent {

	@Override
	public String action() {
		return "user.created";
	}

	@Override
	public String subject() {
		return this.name;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("roles", String.join(",", this.roles));
	}

}
