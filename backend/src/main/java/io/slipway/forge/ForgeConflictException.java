package io.slipway.forge;

/**
 * The request clashes with the pull request's state: one already exists for the branch, it cannot
 * be merged (conflicts, failing or pending checks, a draft, already closed) or its head moved while
 * merging (HTTP 405, 406, 409, 412, or 422 naming such a clash). Nothing changed; the forge's
 * message says which.
 */
public class ForgeConflictException extends ForgeException {

	public ForgeConflictException(String forge, int httpStatus, String message) {
		super(forge, httpStatus, message, null);
	}

}
