package io.slipway.promotion;

/**
 * Where a promotion stands. Terminal phases never change again.
 */
public enum PromotionPhase {

	/**
	 * Requested: its branch and change request are being written, or it waits for its gates,
	 * checklist and approvals (and, without auto-merge, for someone to merge it).
	 */
	Pending,

	/** Merged or merging: Slipway is following Argo CD until the target runs the release. */
	Running,

	/** Argo CD reports the target Synced and Healthy at the merged revision. */
	Succeeded,

	/**
	 * Ended for a business or verification reason: rejected by an approver, the target became
	 * Degraded or its sync failed, or it did not become healthy in time. Nothing is retried.
	 */
	Failed,

	/**
	 * Ended for a technical reason: Git, Argo CD or the database failed in a way Slipway could
	 * not recover from. The message carries the cause.
	 */
	Errored,

	/** Stopped by its requester or an admin before it was merged. */
	Aborted;

	/** Whether the promotion is over. */
	public boolean isTerminal() {
		return this != Pending && this != Running;
	}

}
