package io.slipway.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.slipway.argocd.Application;
import io.slipway.argocd.ArgoCdApplications;
import io.slipway.argocd.ArgoCdClient;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The Argo CD cache and client the catalog reads and acts through, and where Argo CD's own UI is.
 * Without a cache bean (an Argo CD module that has none yet) the catalog behaves as if no Argo CD
 * server were configured rather than failing to start.
 */
@Component
class ArgoCdAccess {

	private final ArgoCdApplications applications;

	private final ObjectProvider<ArgoCdClient> client;

	private final @Nullable String uiUrl;

	ArgoCdAccess(ObjectProvider<ArgoCdApplications> applications, ObjectProvider<ArgoCdClient> client,
			@Value("${slipway.argocd.ui-url:}") String uiUrl, @Value("${slipway.argocd.url:}") String url) {
		this.applications = applications.getIfAvailable(NotConfigured::new);
		this.client = client;
		String base = !uiUrl.isBlank() ? uiUrl : url;
		this.uiUrl = base.isBlank() ? null : base.replaceAll("/+$", "");
	}

	ArgoCdApplications applications() {
		return this.applications;
	}

	/**
	 * @return the client, empty when the Argo CD module provides none
	 */
	Optional<ArgoCdClient> client() {
		return Optional.ofNullable(this.client.getIfAvailable());
	}

	/**
	 * Argo CD's page of an application, {@code <ui>/applications/<namespace>/<name>}.
	 * @return the link, {@code null} when no Argo CD URL is configured
	 */
	@Nullable String uiLink(String application, @Nullable String namespace) {
		if (this.uiUrl == null) {
			return null;
		}
		return this.uiUrl + "/applications/" + ((namespace != null && !namespace.isBlank()) ? namespace : "argocd")
				+ "/" + application;
	}

	/** The cache of a Slipway without an Argo CD server: empty, and says so. */
	private static final class NotConfigured implements ArgoCdApplications {

		@Override
		public Collection<Application> all() {
			return List.of();
		}

		@Override
		public Optional<Application> find(String name) {
			return Optional.empty();
		}

		@Override
		public CacheState state() {
			return new CacheState(Mode.NOT_CONFIGURED, null, null, null, 0);
		}

		@Override
		public Flux<ApplicationChanged> changes() {
			return Flux.never();
		}

	}

}
