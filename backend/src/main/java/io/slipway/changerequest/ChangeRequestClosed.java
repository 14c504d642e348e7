package io.slipway.changerequest;

import java.util.LinkedHashMap;
import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * Published when a change request was closed without merging.
 *
 * @param actor who closed it; the forge's name (e.g. {@code GitHub}) when Slipway saw it closed on
 * the forge
 * @param id the change request's number
 * @param title its title
 * @param headCommit the branch's tip when it was closed
 */
public record ChangeRequestClosed(String actor, long id, String title, String headCommit) implements AuditableEvent {

	@Override
	public String action() {
		return "change-request.closed";
	}

	@Override
	public String subject() {
		return "#" + this.id + " " + this.title;
	}

	@Override
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("changeRequestId", this.id);
		details.put("headCommit", this.headCommit);
		return details;
	}

}
