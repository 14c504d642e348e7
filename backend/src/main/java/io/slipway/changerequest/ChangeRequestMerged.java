package io.slipway.changerequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * Published when a change request's branch was merged into its target.
 *
 * @param actor who merged it
 * @param id the change request's number
 * @param title its title
 * @param sourceBranch the merged branch
 * @param targetBranch the branch that received it
 * @param headCommit the merged commit
 * @param mergeCommit the target's new tip
 * @param approvers whose current approvals allowed the merge
 */
public record ChangeRequestMerged(String actor, long id, String title, String sourceBranch, String targetBranch,
		String headCommit, String mergeCommit, List<String> approvers) implements AuditableEvent {

	public ChangeRequestMerged {
		approvers = List.copyOf(approvers);
	}

	@Override
	public String action() {
		return "change-request.merged";
	}

	@Override
	public String subject() {
		return "#" + this.id + " " + this.title;
	}

	@Override
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("changeRequestId", this.id);
		details.put("sourceBranch", this.sourceBranch);
		details.put("targetBranch", this.targetBranch);
		details.put("headCommit", this.headCommit);
		details.put("mergeCommit", this.mergeCommit);
		details.put("approvers", this.approvers);
		return details;
	}

}
