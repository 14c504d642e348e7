package io.slipway.argocd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * {@code spec.syncPolicy.automated}; auto-sync is on while this is present and {@code enabled} is absent or true.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AutomatedSyncPolicy(@Nullable Boolean prune, @Nullable Boolean selfHeal, @Nullable Boolean enabled) {

	/**
	 * @return whether Argo CD counts auto-sync as enabled (IsAutomatedSyncEnabled)
	 */
	public boolean isEnabled() {
		return this.enabled == null || this.enabled;
	}

}
