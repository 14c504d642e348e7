package io.slipway.changerequest;

/**
 * Where a change request stands. Only {@link #OPEN} ones can be approved, merged or closed; the
 * other two are final.
 */
public enum ChangeRequestState {

	/**
	 * Waiting for review: the branch can still receive commits (which invalidate earlier
	 * approvals) and be approved, merged or closed.
	 */
	OPEN,

	/**
	 * Its branch was merged into the target branch; the merge commit is recorded. Final.
	 */
	MERGED,

	/**
	 * Closed without merging; the branch was left as it was. Final: open a new change request to
	 * propose the branch again.
	 */
	CLOSED

}
