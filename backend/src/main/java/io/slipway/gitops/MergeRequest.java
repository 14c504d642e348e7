package io.slipway.gitops;

import java.util.Map;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.jspecify.annotations.Nullable;

/**
 * One merge Slipway should make in the infra repository: the tip of {@code sourceBranch} into
 * {@code targetBranch}, by fast-forward when the target has not moved on since the source
 * started, else by a merge commit.
 * <p>
 * Review is about a commit, not a branch name: with {@code sourceCommit} set, the merge is
 * refused ({@link BranchMovedException}) when the branch no longer points at that commit, so
 * commits pushed after the review never slip into the target.
 * <p>
 * With {@code deleteSourceBranch} the source branch is deleted in the same push as the merge
 * (one round trip instead of two), with a lease on the merged commit: a branch that moved on
 * since is kept, so no commit vanishes with it.
 *
 * @param sourceBranch the branch to merge
 * @param sourceCommit the commit the caller expects at the tip of {@code sourceBranch} (full id),
 * or {@code null} to merge whatever the tip is
 * @param targetBranch the branch that receives the changes
 * @param message the merge commit's message, without trailers (unused for a fast-forward, which
 * makes no commit)
 * @param actor who asked for the merge, for the audit log ({@code system} when automated)
 * @param trailers Git trailers of the merge commit, in order; keys are letters, digits and '-'
 * @param deleteSourceBranch whether to delete {@code sourceBranch} together with the merge (also
 * when the target already held it)
 */
public record MergeRequest(String sourceBranch, @Nullable String sourceCommit, String targetBranch, String message,
		String actor, Map<String, String> trailers, boolean deleteSourceBranch) {

	/**
	 * A merge that leaves the source branch in place.
	 */
	public MergeRequest(String sourceBranch, @Nullable String sourceCommit, String targetBranch, String message,
			String actor, Map<String, String> trailers) {
		this(sourceBranch, sourceCommit, targetBranch, message, actor, trailers, false);
	}

	public MergeRequest {
		checkBranch(sourceBranch, "source branch");
		checkBranch(targetBranch, "target branch");
		if (sourceBranch.equals(targetBranch)) {
			throw new IllegalArgumentException("cannot merge branch " + sourceBranch + " into itself");
		}
		if (sourceCommit != null && !sourceCommit.matches("[0-9a-f]{40}")) {
			throw new IllegalArgumentException("the expected source commit must be a full commit id, was '"
					+ sourceCommit + "'");
		}
		if (message.isBlank()) {
			throw new IllegalArgumentException("a merge needs a message");
		}
		actor = (actor == null || actor.isBlank()) ? CommitRequest.SYSTEM_ACTOR : actor;
		trailers = CommitRequest.checkedTrailers(trailers);
	}

	/**
	 * This merge, deleting the source branch in the same push when {@code delete} is true.
	 */
	public MergeRequest deletingSourceBranch(boolean delete) {
		return new MergeRequest(this.sourceBranch, this.sourceCommit, this.targetBranch, this.message, this.actor,
				this.trailers, delete);
	}

	private static void checkBranch(String branch, String what) {
		if (!Repository.isValidRefName(Constants.R_HEADS + branch)) {
			throw new IllegalArgumentException("invalid " + what + " name '" + branch + "'");
		}
	}

}
