package io.slipway.argocd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code spec.syncPolicy}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SyncPolicy(@Nullable AutomatedSyncPolicy automated, List<String> syncOptions) {

	public SyncPolicy {
		syncOptions = (syncOptions != null) ? List.copyOf(syncOptions) : List.of();
	}

}
