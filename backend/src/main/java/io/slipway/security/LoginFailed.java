package io.slipway.security;

import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * Someone failed to sign in as {@code name} (wrong password or unknown user), through the login
 * form or HTTP Basic. Recorded so repeated guessing shows in the audit log; the password tried is
 * never part of it.
 *
 * @param name the user name tried
 * @param method {@code form} or {@code basic}
 * @param remoteAddress where the attempt came from, {@code unknown} if the server could not tell
 */
public record LoginFailed(String name, String method, String remoteAddress) implements AuditableEvent {

	/** Nobody is signed in when an attempt fails. */
	@Override
	public String actor() {
		return "anonymous";
	}

	@Override
	public String action() {
		return "auth.login-failed";
	}

	@Override
	public String subject() {
		return this.name;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("method", this.method, "remoteAddress", this.remoteAddress);
	}

}
