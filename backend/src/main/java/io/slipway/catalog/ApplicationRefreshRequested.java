package io.slipway.catalog;

import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * Someone asked Argo CD to compare a service's application with Git again, and Argo CD did.
 *
 * @param actor who asked
 * @param service the service
 * @param environment the environment
 * @param application the Argo CD application refreshed
 * @param syncStatus the application's sync status after the refresh
 * @param revision the revision Argo CD compared with, empty when it did not say
 */
public record ApplicationRefreshRequested(String actor, String service, String environment, String application,
		String syncStatus, String revision) implements AuditableEvent {

	@Override
	public String action() {
		return "application.refresh-requested";
	}

	@Override
	public String subject() {
		return this.service;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("environment", this.environment, "application", this.application, "syncStatus",
				this.syncStatus, "revision", this.revision);
	}

}
