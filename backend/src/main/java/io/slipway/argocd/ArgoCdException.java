package io.slipway.argocd;

import org.jspecify.annotations.Nullable;

/**
 * A call to Argo CD failed. The message is Argo CD's own (or, when it never answered, what went
 * wrong on the way) prefixed with the call, and never holds a token or password.
 * <p>
 * Subclasses say what the caller can do about it; {@link #httpStatus()} and {@link #grpcCode()}
 * carry what Argo CD sent.
 */
public class ArgoCdException extends RuntimeException {

	private final int httpStatus;

	private final @Nullable Integer grpcCode;

	private final String argoCdMessage;

	public ArgoCdException(String message, int httpStatus, @Nullable Integer grpcCode, String argoCdMessage,
			@Nullable Throwable cause) {
		super(message, cause);
		this.httpStatus = httpStatus;
		this.grpcCode = grpcCode;
		this.argoCdMessage = argoCdMessage;
	}

	/**
	 * @return the HTTP status Argo CD answered with, 0 when it did not answer
	 */
	public int httpStatus() {
		return this.httpStatus;
	}

	/**
	 * @return the gRPC code of Argo CD's error body, {@code null} for plain-text or no answer
	 */
	public @Nullable Integer grpcCode() {
		return this.grpcCode;
	}

	/**
	 * @return Argo CD's own message, as a user would see it in Argo CD's UI
	 */
	public String argoCdMessage() {
		return this.argoCdMessage;
	}

	/** 401: the token or session is missing, invalid or expired, or the login was refused. */
	public static class Unauthenticated extends ArgoCdException {

		public Unauthenticated(String message, int httpStatus, @Nullable Integer grpcCode, String argoCdMessage) {
			super(message, httpStatus, grpcCode, argoCdMessage, null);
		}

	}

	/** 403: not allowed, blocked by a sync window, or (without a project) the app is missing. */
	public static class PermissionDenied extends ArgoCdException {

		public PermissionDenied(String message, int httpStatus, @Nullable Integer grpcCode, String argoCdMessage) {
			super(message, httpStatus, grpcCode, argoCdMessage, null);
		}

	}

	/** 404 with an error body: the application does not exist in the given project. */
	public static class NotFound extends ArgoCdException {

		public NotFound(String message, int httpStatus, @Nullable Integer grpcCode, String argoCdMessage) {
			super(message, httpStatus, grpcCode, argoCdMessage, null);
		}

	}

	/**
	 * 400/409/412: Argo CD refused the request as it stands, e.g. rollback while auto-sync is on
	 * (code 9), an operation already in progress, an unknown history id (code 3), a conflict.
	 */
	public static class Rejected extends ArgoCdException {

		public Rejected(String message, int httpStatus, @Nullable Integer grpcCode, String argoCdMessage) {
			super(message, httpStatus, grpcCode, argoCdMessage, null);
		}

	}

	/**
	 * The request never reached the API: the gateway's plain-text 404/405/415 (wrong path, method
	 * or content type). A bug or a version mismatch, not something to retry.
	 */
	public static class Protocol extends ArgoCdException {

		public Protocol(String message, int httpStatus, String argoCdMessage) {
			super(message, httpStatus, null, argoCdMessage, null);
		}

	}

	/** 5xx, a timeout, or no connection: worth retrying if the call is idempotent. */
	public static class Unavailable extends ArgoCdException {

		public Unavailable(String message, int httpStatus, @Nullable Integer grpcCode, String argoCdMessage,
				@Nullable Throwable cause) {
			super(message, httpStatus, grpcCode, argoCdMessage, cause);
		}

	}

	/** No Argo CD server is configured ({@code slipway.argocd.url}). */
	public static class NotConfigured extends ArgoCdException {

		public NotConfigured() {
			super("Argo CD is not configured: set slipway.argocd.url", 0, null, "not configured", null);
		}

	}

}
