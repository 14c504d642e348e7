package io.slipway.security;

import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * A user revoked one of their API tokens; requests carrying it are refused from now on.
 *
 * @param actor the owner, who revoked it
 * @param tokenId the token's id
 * @param name the name the owner had given it
 */
public record ApiTokenRevoked(String actor, long tokenId, String name) implements AuditableEvent {

	@Override
	public String action() {
		return "token.revoked";
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
