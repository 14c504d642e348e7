package io.slipway.argocd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * {@code spec} of an Application: the fields Slipway reads.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApplicationSpec(@Nullable ApplicationSource source, @Nullable ApplicationDestination destination, @Nullable String project, @Nullable SyncPolicy syncPolicy) {

	/**
	 * @return whether auto-sync is enabled, so rollback would be refused
	 */
	public boolean isAutomatedSyncEnabled() {
		return this.syncPolicy != null && this.syncPolicy.automated() != null && this.syncPolicy.automated().isEnabled();
	}

}
