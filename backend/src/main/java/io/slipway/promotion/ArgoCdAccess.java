package io.slipway.promotion;

import java.util.Optional;

import io.slipway.argocd.Application;
import io.slipway.argocd.ArgoCdApplications;
import io.slipway.argocd.ArgoCdClient;
import io.slipway.argocd.ArgoCdException;

import org.springframework.stereotype.Component;

/**
 * Argo CD as promotions see it: the live cache and the client. Without a configured server the
 * cache stays empty and the client's calls fail with {@link ArgoCdException.NotConfigured}, so
 * gates say UNKNOWN and following a merge errors: nothing passes because Argo CD was not asked.
 */
// named: the catalog module has an ArgoCdAccess of its own, and bean names are global
@Component("promotionArgoCdAccess")
class ArgoCdAccess {

	private final ArgoCdApplications applications;

	private final ArgoCdClient client;

	ArgoCdAccess(ArgoCdApplications applications, ArgoCdClient client) {
		this.applications = applications;
		this.client = client;
	}

	/** Whether the cache is fed by a configured Argo CD. */
	boolean connected() {
		return this.applications.state().mode() != ArgoCdApplications.Mode.NOT_CONFIGURED;
	}

	/** Whether the cache has been filled at least once. */
	boolean synced() {
		return this.applications.state().lastSyncedAt() != null;
	}

	Optional<Application> find(String name) {
		return this.applications.find(name);
	}

	ArgoCdApplications applications() {
		return this.applications;
	}

	ArgoCdClient client() {
		return this.client;
	}

}
