package io.slipway.onboarding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.slipway.audit.AuditableEvent;
import org.jspecify.annotations.Nullable;

/**
 * Services were re-rendered with a template pack's current version in one commit: on
 * {@code chore/upgrade-<pack>-<version>} with a change request proposing it, or on the main
 * branch in direct mode.
 *
 * @param actor who asked for the upgrade
 * @param pack the template pack
 * @param version the version the services were re-rendered with
 * @param services the services re-rendered
 * @param branch the branch the commit went to
 * @param commit the commit
 * @param changeRequest the change request's id, or {@code null} in direct mode
 * @param changeRequestUrl the change request's page, or {@code null} in direct mode
 */
public record TemplatePackUpgradeProposed(String actor, String pack, String version, List<String> services,
		String branch, String commit, @Nullable String changeRequest, @Nullable String changeRequestUrl)
		implements AuditableEvent {

	public TemplatePackUpgradeProposed {
		services = List.copyOf(services);
	}

	@Override
	public String action() {
		return "template-pack.upgrade-proposed";
	}

	@Override
	public String subject() {
		return "template-pack/" + this.pack;
	}

	@Override
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("version", this.version);
		details.put("services", this.services);
		details.put("branch", this.branch);
		details.put("commit", this.commit);
		if (this.changeRequest != null) {
			details.put("changeRequest", this.changeRequest);
			details.put("changeRequestUrl", this.changeRequestUrl);
		}
		return details;
	}

}
