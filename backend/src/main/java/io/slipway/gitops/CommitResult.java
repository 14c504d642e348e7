package io.slipway.gitops;

import java.util.List;

/**
 * What a {@link GitOpsRepository#commit(CommitRequest)} did.
 *
 * @param outcome whether a commit was made
 * @param branch the branch the request targeted
 * @param commitId the new commit, or the existing tip when nothing changed (the base branch's
 * tip when the target branch did not exist; it is then not created)
 * @param paths the files whose content changed, in request order (empty when unchanged)
 * @param attempts how many fetch-apply-push rounds it took (more than one when another writer
 * moved the branch meanwhile)
 */
public record CommitResult(Outcome outcome, String branch, String commitId, List<String> paths, int attempts) {

	public CommitResult {
		paths = List.copyOf(paths);
	}

	/**
	 * Whether a new commit now sits on the branch.
	 */
	public boolean committed() {
		return this.outcome == Outcome.COMMITTED;
	}

	/**
	 * Whether a commit was made.
	 */
	public enum Outcome {

		/**
		 * A new commit was pushed and the remote accepted it.
		 */
		COMMITTED,

		/**
		 * The changes would not alter the tree (e.g. the image tag was already set), so no
		 * commit was made and nothing was pushed.
		 */
		UNCHANGED

	}

}
