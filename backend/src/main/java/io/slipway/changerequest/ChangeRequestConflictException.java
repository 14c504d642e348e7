package io.slipway.changerequest;

import java.util.List;

/**
 * The change request is not in a state that allows the action (409); {@link #reason()} says which
 * rule, so callers can react without parsing the message. Nothing was changed.
 */
public class ChangeRequestConflictException extends ChangeRequestException {

	private final Reason reason;

	private final List<String> paths;

	public ChangeRequestConflictException(Reason reason, String message) {
		this(reason, message, List.of());
	}

	public ChangeRequestConflictException(Reason reason, String message, List<String> paths) {
		super(message);
		this.reason = reason;
		this.paths = List.copyOf(paths);
	}

	/**
	 * Which rule refused the action.
	 */
	public Reason reason() {
		return this.reason;
	}

	/**
	 * The conflicting files, for {@link Reason#MERGE_CONFLICT}; empty otherwise.
	 */
	public List<String> paths() {
		return this.paths;
	}

	/**
	 * The rules a change request action can break.
	 */
	public enum Reason {

		/**
		 * It is merged or closed already; only open change requests change.
		 */
		NOT_OPEN,

		/**
		 * Merging needs more approvals of the head commit.
		 */
		NOT_APPROVED,

		/**
		 * The branch and its target changed the same lines; the branch must be updated first.
		 */
		MERGE_CONFLICT,

		/**
		 * The branch received commits while the action was under way; look at them and try again.
		 */
		BRANCH_MOVED,

		/**
		 * The source or target branch does not exist (any more) in the infra repository.
		 */
		BRANCH_MISSING,

		/**
		 * The branch already has an open change request.
		 */
		ALREADY_OPEN,

		/**
		 * It lives on a forge, which owns its review: approve it there.
		 */
		REVIEWED_ON_FORGE,

		/**
		 * The forge refused to merge or close it (not mergeable, checks pending, a conflict, its
		 * head moved); the message quotes the forge.
		 */
		FORGE_REFUSED,

		/**
		 * It lives on a forge that is not (or no longer) configured, so Slipway cannot act on it.
		 */
		FORGE_NOT_CONFIGURED

	}

}
