package io.slipway.forge;

/**
 * The forge refused the request for a reason other than credentials, existence or a conflict, e.g.
 * a validation error such as no commits between the branches (HTTP 400, 422). Retrying the same
 * request will not help; the forge's message says what to change.
 */
public class ForgeRequestRejectedException extends ForgeException {

	public ForgeRequestRejectedException(String forge, int httpStatus, String message) {
		super(forge, httpStatus, message, null);
	}

}
