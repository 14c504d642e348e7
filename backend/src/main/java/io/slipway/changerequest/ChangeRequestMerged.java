package io.slipway.changerequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.slipway.audit.AuditableEvent;
import org.jspecify.annotations.Nullable;

/**
 * Published when a change request's branch was merged into its target.
 *
 * @param actor who merged it; the forge's name (e.g. {@code GitHub}) when Slipway saw it merged on
 * the forge
 * @param id the change request's number
 * @param title its title
 * @param sourceBranch the merged branch
 * @param targetBranch the branch that received it
 * @param headCommit the merged commit
 * @param mergeCommit the target's new tip; {@code null} when the forge did not report it
 * @param approvers whose current approvals allowed the merge; empty on a forge, which owns the
 * review
 */
public record ChangeRequestMerged(String actor, long id, String title, String sourceBranch, String targetBranch,
		String headCommit, @Nullable String mergeCommit, List<String> approvers) implements AuditableEvent {

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
		if (this.mergeCommit != null) {
			details.put("mergeCommit", this.mergeCommit);
		}
		details.put("approvers", this.approvers);
		return details;
	}

}
