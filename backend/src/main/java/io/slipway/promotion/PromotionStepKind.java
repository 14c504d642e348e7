package io.slipway.promotion;

/**
 * The steps of a promotion, in the order they run.
 */
public enum PromotionStepKind {

	/**
	 * Waits until the gates pass, the checklist is complete and the approvals are in; runs first,
	 * so the commit can name its approvers and the change request can list the evidence.
	 */
	WAIT_FOR_APPROVALS("wait-for-approvals"),

	/** Sets the target overlay's image tag on the promotion branch (one commit, pushed). */
	GIT_COMMIT("git-commit"),

	/** Opens the change request for the branch. */
	OPEN_CHANGE_REQUEST("open-change-request"),

	/**
	 * Merges the change request into the main branch once gates and approvals still hold (and,
	 * without auto-merge, someone asked for it).
	 */
	MERGE("merge"),

	/** Asks Argo CD to refresh the target application (and sync it when auto-sync is off). */
	ARGOCD_SYNC("argocd-sync"),

	/** Waits, on Argo CD's event stream, for the target to be Synced and Healthy at the merge. */
	ARGOCD_WAIT_HEALTHY("argocd-wait-healthy");

	private final String id;

	PromotionStepKind(String id) {
		this.id = id;
	}

	/** The step's name as pages and the API show it ({@code git-commit}). */
	public String id() {
		return this.id;
	}

}
