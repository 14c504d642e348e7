package io.slipway.onboarding.detection;

import org.jspecify.annotations.Nullable;

/**
 * Detection could not read the repository. The message names the repository URL (which never
 * carries credentials: URLs with a user or password are refused) and what went wrong, so it can be
 * shown to the user as it is; the {@link #reason()} lets a caller choose an answer (a refused URL
 * is the user's input to fix, the others are the remote's state).
 */
public class DetectionFailedException extends RuntimeException {

	private final Reason reason;

	public DetectionFailedException(Reason reason, String message) {
		this(reason, message, null);
	}

	public DetectionFailedException(Reason reason, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	/**
	 * Why detection failed.
	 */
	public Reason reason() {
		return this.reason;
	}

	/**
	 * Why a repository could not be read.
	 */
	public enum Reason {

		/**
		 * The URL is not one detection reads: not a URL, a scheme other than the allowed
		 * {@code file://}, {@code http://}, {@code https://}, credentials in the URL, or a host
		 * outside {@code slipway.onboarding.detection.allowed-hosts}. Nothing was contacted.
		 */
		REFUSED,

		/**
		 * Nothing answered at the host, or the connection failed.
		 */
		UNREACHABLE,

		/**
		 * The host answered but there is no Git repository at that URL.
		 */
		NOT_FOUND,

		/**
		 * The repository asks for credentials or refuses access; detection reads public
		 * repositories only.
		 */
		ACCESS_DENIED,

		/**
		 * Reading took longer than {@code slipway.onboarding.detection.timeout}.
		 */
		TIMED_OUT,

		/**
		 * The tip of the default branch is larger than
		 * {@code slipway.onboarding.detection.max-fetch-size}; the transfer was stopped.
		 */
		TOO_LARGE

	}

}
