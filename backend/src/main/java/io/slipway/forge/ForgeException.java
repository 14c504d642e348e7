package io.slipway.forge;

import org.jspecify.annotations.Nullable;

/**
 * A forge refused a request or could not be asked. The message says what Slipway was doing, names
 * the forge and the HTTP status, and quotes the forge's own explanation, so it can be shown to an
 * operator as it is; it never carries the token.
 * <p>
 * Catch a subtype to decide what to do: fix the credentials, give up, or retry later.
 */
public abstract class ForgeException extends RuntimeException {

	private final String forge;

	private final @Nullable Integer httpStatus;

	protected ForgeException(String forge, @Nullable Integer httpStatus, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.forge = forge;
		this.httpStatus = httpStatus;
	}

	/**
	 * The forge that answered (or did not), e.g. {@code GitHub}.
	 * @return the forge's display name
	 */
	public String forge() {
		return this.forge;
	}

	/**
	 * The HTTP status the forge answered with.
	 * @return the status, or {@code null} when no answer arrived
	 */
	public @Nullable Integer httpStatus() {
		return this.httpStatus;
	}

}
