package io.slipway.catalog;

import io.slipway.argocd.ArgoCdApplications;
import io.slipway.argocd.ArgoCdClient;
import io.slipway.argocd.ArgoCdProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The Argo CD cache and client the catalog reads and acts through, and where Argo CD's own UI is
 * ({@code slipway.argocd.ui-url}, else {@code slipway.argocd.url}).
 */
@Component("catalogArgoCdAccess")
class ArgoCdAccess {

	private final ArgoCdApplications applications;

	private final ArgoCdClient client;

	private final @Nullable String uiUrl;

	private final String controlPlaneNamespace;

	ArgoCdAccess(ArgoCdApplications applications, ArgoCdClient client, ArgoCdProperties properties) {
		this.applications = applications;
		this.client = client;
		String base = properties.uiBaseUrl();
		// the settings check ui-url only once url is set, so trim it here as they would
		this.uiUrl = (base != null) ? base.replaceAll("/+$", "") : null;
		this.controlPlaneNamespace = properties.namespace();
	}

	ArgoCdApplications applications() {
		return this.applications;
	}

	/**
	 * @return the client; without a configured server its calls fail with
	 * {@link io.slipway.argocd.ArgoCdException.NotConfigured}
	 */
	ArgoCdClient client() {
		return this.client;
	}

	/**
	 * Argo CD's page of an application, {@code <ui>/applications/<namespace>/<name>}.
	 * @return the link, {@code null} when no Argo CD URL is configured
	 */
	@Nullable String uiLink(String application, @Nullable String namespace) {
		if (this.uiUrl == null) {
			return null;
		}
		return this.uiUrl + "/applications/" + ((namespace != null && !namespace.isBlank()) ? namespace : this.controlPlaneNamespace)
				+ "/" + application;
	}

}
