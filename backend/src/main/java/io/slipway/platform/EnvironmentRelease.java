package io.slipway.platform;

import io.slipway.gitops.CommitSummary;
import org.jspecify.annotations.Nullable;

/**
 * The release Git declares for a service in one environment: the image tag its overlay sets and
 * the overlay's last commit.
 *
 * @param environment the environment's name
 * @param overlay the overlay folder ({@code services/payments/overlays/staging},
 * {@code packages/payments/k8s/overlays/prod}), or {@code null} when the service has none for this
 * environment
 * @param imageTag {@code images[].newTag} of the overlay's kustomization, or {@code null} when it
 * sets none (or there is no overlay)
 * @param commit the last commit that changed the overlay, or {@code null} when there is no overlay
 */
public record EnvironmentRelease(String environment, @Nullable String overlay, @Nullable String imageTag,
		@Nullable CommitSummary commit) {

	/**
	 * Whether the service has an overlay for this environment.
	 */
	public boolean declared() {
		return this.overlay != null;
	}

}
