package io.slipway.changerequest;

import java.util.LinkedHashMap;
import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * Published when the description of an open change request was replaced, e.g. a promotion's
 * evidence (gates, checklist, approvals) brought up to date.
 *
 * @param actor who replaced it ({@code system} when automated)
 * @param id the change request's number
 * @param title its title
 * @param onForge whether the forge's pull request was updated too
 */
public record ChangeRequestDescriptionUpdated(String actor, long id, String title, boolean onForge)
		implements AuditableEvent {

	@Override
	public String action() {
		return "change-request.description-updated";
	}

	@Override
	public String subject() {
		return "#" + this.id + " " + this.title;
	}

	@Override
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("changeRequestId", this.id);
		details.put("onForge", this.onForge);
		return details;
	}

}
