package io.slipway.promotion;

import java.util.Optional;

import io.slipway.argocd.Application;
import io.slipway.argocd.ArgoCdApplications;
import io.slipway.argocd.ArgoCdClient;
import io.slipway.argocd.ArgoCdException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Argo CD as promotions see it: the live cache and the client, each possibly absent (no
 * implementation in this build) or not configured. Absent and not configured read the same: gates
 * say UNKNOWN and following a merge errors, so nothing passes because Argo CD was not asked.
 */
// named: the catalog module has an ArgoCdAccess of its own, and bean names are global
@Component("promotionArgoCdAccess")
class ArgoCdAccess {

	private final ObjectProvider<ArgoCdApplications> applications;

	private final ObjectProvider<ArgoCdClient> client;

	ArgoCdAccess(ObjectProvider<ArgoCdApplications> applications, ObjectProvider<ArgoCdClient> client) {
		this.applications = applications;
		this.client = client;
	}

	/** Whether there is a cache fed by a configured Argo CD. */
	boolean connected() {
		ArgoCdApplications cache = this.applications.getIfAvailable();
		return cache != null && cache.state().mode() != ArgoCdApplications.Mode.NOT_CONFIGURED;
	}

	/** Whether the cache has been filled at least once. */
	boolean synced() {
		ArgoCdApplications cache = this.applications.getIfAvailable();
		return cache != null && cache.state().lastSyncedAt() != null;
	}

	Optional<Application> find(String name) {
		ArgoCdApplications cache = this.applications.getIfAvailable();
		return (cache != null) ? cache.find(name) : Optional.empty();
	}

	ArgoCdApplications applications() {
		ArgoCdApplications cache = this.applications.getIfAvailable();
		if (cache == null) {
			throw notConfigured();
		}
		return cache;
	}

	ArgoCdClient client() {
		ArgoCdClient found = this.client.getIfAvailable();
		if (found == null) {
			throw notConfigured();
		}
		return found;
	}

	private static ArgoCdException notConfigured() {
		return new ArgoCdException.NotConfigured();
	}

}
