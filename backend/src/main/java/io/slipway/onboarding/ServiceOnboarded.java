package io.slipway.onboarding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.slipway.audit.AuditableEvent;
import org.jspecify.annotations.Nullable;

/**
 * A service's files were committed to the infra repository: on {@code feat/<name>} with a change
 * request proposing them, or straight to the main branch in direct mode.
 *
 * @param actor who onboarded it
 * @param name the service
 * @param branch the branch the commit went to
 * @param commit the commit
 * @param changeRequest the change request's id, or {@code null} in direct mode
 * @param changeRequestUrl the change request's page, or {@code null} in direct mode
 * @param files the paths written
 */
public record ServiceOnboarded(String actor, String name, String branch, String commit,
		@Nullable String changeRequest, @Nullable String changeRequestUrl, List<String> files)
		implements AuditableEvent {

	public ServiceOnboarded {
		files = List.copyOf(files);
	}

	@Override
	public String action() {
		return "service.onboarded";
	}

	@Override
	public String subject() {
		return "service/" + this.name;
	}

	@Override
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("branch", this.branch);
		details.put("commit", this.commit);
		if (this.changeRequest != null) {
			details.put("changeRequest", this.changeRequest);
			details.put("changeRequestUrl", this.changeRequestUrl);
		}
		details.put("files", this.files);
		return details;
	}

}
