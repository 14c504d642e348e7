package io.slipway.changerequest;

/**
 * A change request action was refused. Messages say why in words a user can act on and are safe
 * to show as they are. The subtypes tell callers which HTTP status fits (404, 403, 409).
 */
public abstract class ChangeRequestException extends RuntimeException {

	protected ChangeRequestException(String message) {
		super(message);
	}

}
