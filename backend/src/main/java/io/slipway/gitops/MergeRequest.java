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
 *
 * @param sourceBranch the branch to merge
 * @param sourceCommit the commit the caller expects at the tip of {@code sourceBranch} (full id),
 * or {@code null} to merge whatever the tip is
 * @param targetBranch the branch that receives the changes
 * @param message the merge commit's message, without trailers (unused for a fast-forward, which
 * makes no commit)
 * @param actor who asked for the merge, for the audit log ({@code system} when automated)
 * @param trailers Git trailers of the merge commit, in order; keys are letters, digits and '-'
 */
public record MergeRequest(String sourceBranch, @Nullable String sourceCommit, String targetBranch, String message,
		String actor, Map<String, String> trailers) {

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

	private static void checkBranch(String branch, String what) {
		if (!Repository.isValidRefName(Constants.R_HEADS + branch)) {
			throw new IllegalArgumentException("invalid " + what + " name '" + branch + "'");
		}
	}

}
