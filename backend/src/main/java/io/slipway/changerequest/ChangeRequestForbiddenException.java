package io.slipway.changerequest;

/**
 * The caller's roles would allow the action, but not on this change request (403): authors cannot
 * approve their own change request while review is required.
 */
public class ChangeRequestForbiddenException extends ChangeRequestException {

	public ChangeRequestForbiddenException(String message) {
		super(message);
	}

}
