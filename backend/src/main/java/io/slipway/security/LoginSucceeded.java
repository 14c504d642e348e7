package io.slipway.security;

import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * A user signed in through the login form and got a browser session. API calls authenticated
 * with HTTP Basic or a token on every request are not recorded: they would drown the log.
 *
 * @param name the user who signed in
 * @param remoteAddress where from, {@code unknown} if the server could not tell
 */
public record LoginSucceeded(String name, String remoteAddress) implements AuditableEvent {

	@Override
	public String actor() {
		return this.name;
	}

	@Override
	public String action() {
		return "auth.login-succeeded";
	}

	@Override
	public String subject() {
		return this.name;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("method", "form", "remoteAddress", this.remoteAddress);
	}

}
