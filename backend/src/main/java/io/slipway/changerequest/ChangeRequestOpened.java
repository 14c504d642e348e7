package io.slipway.changerequest;

import java.util.LinkedHashMap;
import java.util.Map;

import io.slipway.audit.AuditableEvent;
import org.jspecify.annotations.Nullable;

/**
 * Published when a change request was opened.
 *
 * @param actor its author
 * @param id its number
 * @param title its title
 * @param sourceBranch the proposed branch
 * @param targetBranch where it is to be merged
 * @param headCommit the branch's tip at opening time
 * @param forgeUrl the pull request's page when it was opened on a forge, else {@code null}
 */
public record ChangeRequestOpened(String actor, long id, String title, String sourceBranch, String targetBranch,
		String headCommit, @Nullable String forgeUrl) implements AuditableEvent {

	@Override
	public String action() {
		return "change-request.opened";
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
		if (this.forgeUrl != null) {
			details.put("forgeUrl", this.forgeUrl);
		}
		return details;
	}

}
