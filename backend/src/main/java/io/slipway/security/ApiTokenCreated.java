package io.slipway.security;

import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * A user created an API token for themselves. The secret is never part of the event.
 *
 * @param actor the owner, who created it
 * @param tokenId the token's id
 * @param name the name the owner gave it
 */
public record ApiTokenCreated(String actor, long tokenId, String name) implements AuditableEvent {

	@Override
	public String action() {
		return "token.created";
	}

	@Override
	public String subject() {
		return this.name;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("tokenId", this.tokenId);
	}

}
