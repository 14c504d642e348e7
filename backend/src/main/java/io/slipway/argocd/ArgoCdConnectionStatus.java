package io.slipway.argocd;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What Slipway knows about its connection to Argo CD at one moment.
 *
 * @param state whether Argo CD answers
 * @param serverUrl the configured Argo CD base URL, without credentials; {@code null} when none is
 * configured
 * @param version the Argo CD server version when it answered, else {@code null}
 * @param message why the state is what it is (a configuration hint or the last error with
 * context); never contains a secret
 * @param checkedAt when this status was determined
 * @param lastSyncedAt when Slipway's copy of the applications last matched Argo CD (a list, an
 * event or a keepalive), {@code null} before it ever did; how stale the pages' health and sync are
 */
public record ArgoCdConnectionStatus(State state, @Nullable String serverUrl, @Nullable String version,
		@Nullable String message, Instant checkedAt, @Nullable Instant lastSyncedAt) {

	public ArgoCdConnectionStatus {
		Objects.requireNonNull(state, "state");
		Objects.requireNonNull(checkedAt, "checkedAt");
	}

	/**
	 * A status that says nothing about how fresh the application data is.
	 * @param state whether Argo CD answers
	 * @param serverUrl the configured base URL without credentials, or {@code null}
	 * @param version the server version, or {@code null}
	 * @param message why the state is what it is, or {@code null}
	 * @param checkedAt when this status was determined
	 */
	public ArgoCdConnectionStatus(State state, @Nullable String serverUrl, @Nullable String version,
			@Nullable String message, Instant checkedAt) {
		this(state, serverUrl, version, message, checkedAt, null);
	}

	/**
	 * The status when no Argo CD server is configured.
	 * @param message the hint to show, e.g. which setting to set
	 * @param checkedAt when this was determined
	 * @return a {@link State#NOT_CONNECTED} status
	 */
	public static ArgoCdConnectionStatus notConnected(String message, Instant checkedAt) {
		return new ArgoCdConnectionStatus(State.NOT_CONNECTED, null, null, message, checkedAt);
	}

	/**
	 * Connection states, in the words the UI shows.
	 */
	public enum State {

		/** Argo CD answered the last request; application state shown is live. */
		CONNECTED,

		/** A server is configured but did not answer, or refused the credentials. */
		UNREACHABLE,

		/** No server is configured; nothing Argo CD reports can be shown. */
		NOT_CONNECTED

	}

}
