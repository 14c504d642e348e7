package io.slipway.gitops;

/**
 * What a {@link GitOpsRepository#merge(MergeRequest)} did.
 *
 * @param outcome how the target branch now holds the source's changes
 * @param sourceBranch the merged branch
 * @param targetBranch the branch that received the changes
 * @param sourceCommit the source commit that was merged
 * @param previousTargetCommit the target's tip the merge was made on; with {@code sourceCommit}
 * it shows exactly what the merge brought in
 * @param commitId the target's tip now: the merge commit, the source commit after a fast-forward,
 * or the unchanged tip when the target already held the source
 * @param attempts how many fetch-merge-push rounds it took (more than one when another writer
 * moved the target meanwhile)
 * @param sourceBranchDeleted whether the source branch was deleted with the merge (asked for with
 * {@link MergeRequest#deleteSourceBranch()}; false when it moved on since the merged commit)
 */
public record MergeResult(Outcome outcome, String sourceBranch, String targetBranch, String sourceCommit,
		String previousTargetCommit, String commitId, int attempts, boolean sourceBranchDeleted) {

	/**
	 * Whether the target branch moved.
	 */
	public boolean merged() {
		return this.outcome != Outcome.ALREADY_MERGED;
	}

	/**
	 * How the target branch came to hold the source's changes.
	 */
	public enum Outcome {

		/**
		 * The target had not moved on since the source branched off, so it now simply points at
		 * the source commit; no new commit was made.
		 */
		FAST_FORWARD,

		/**
		 * Both had moved on without touching the same lines; a new commit with both as parents
		 * now sits on the target.
		 */
		MERGE_COMMIT,

		/**
		 * The target already contained the source commit; nothing was pushed.
		 */
		ALREADY_MERGED

	}

}
