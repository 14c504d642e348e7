package io.slipway.gitops;

import java.util.LinkedHashMap;
import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * Published after a merge was pushed to the infra repository and accepted there (not when the
 * target already held the source).
 *
 * @param actor who asked for the merge
 * @param sourceBranch the merged branch
 * @param targetBranch the branch that received the changes
 * @param sourceCommit the merged commit
 * @param commitId the target's new tip (the merge commit, or the source commit after a
 * fast-forward)
 * @param outcome {@link MergeResult.Outcome#FAST_FORWARD} or {@link MergeResult.Outcome#MERGE_COMMIT}
 */
public record BranchMerged(String actor, String sourceBranch, String targetBranch, String sourceCommit,
		String commitId, MergeResult.Outcome outcome) implements AuditableEvent {

	@Override
	public String action() {
		return "git.merged";
	}

	@Override
	public String subject() {
		return this.targetBranch;
	}

	@Override
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("sourceBranch", this.sourceBranch);
		details.put("sourceCommit", this.sourceCommit);
		details.put("commitId", this.commitId);
		details.put("outcome", this.outcome.name());
		return details;
	}

}
