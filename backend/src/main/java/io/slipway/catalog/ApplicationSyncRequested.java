package io.slipway.catalog;

import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * Someone asked Argo CD to sync a service's application to the revision Git declares, and Argo CD
 * accepted the operation. Whether the sync then succeeds is Argo CD's to report.
 *
 * @param actor who asked
 * @param service the service
 * @param environment the environment
 * @param application the Argo CD application to sync
 * @param revision the revision Argo CD resolved for the sync, empty when it did not say
 */
public record ApplicationSyncRequested(String actor, String service, String environment, String application,
		String revision) implements AuditableEvent {

	@Override
	public String action() {
		return "application.sync-requested";
	}

	@Override
	public String subject() {
		return this.service;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("environment", this.environment, "application", this.application, "revision", this.revision);
	}

}
