package io.slipway.forge;

import org.jspecify.annotations.Nullable;

/**
 * The forge did not answer within {@code slipway.forge.timeout}, could not be reached, answered
 * with a server error (HTTP 5xx) or a rate limit, or sent an answer that could not be read. Nothing
 * is known to have changed; the request may be retried later.
 */
public class ForgeUnavailableException extends ForgeException {

	public ForgeUnavailableException(String forge, @Nullable Integer httpStatus, String message,
			@Nullable Throwable cause) {
		super(forge, httpStatus, message, cause);
	}

}
