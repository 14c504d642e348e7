package io.slipway.argocd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code operation.sync}: what a sync applies.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SyncOperation(@Nullable String revision, @Nullable Boolean prune, @Nullable Boolean dryRun, @Nullable ApplicationSource source, List<String> syncOptions) {

	public SyncOperation {
		syncOptions = (syncOptions != null) ? List.copyOf(syncOptions) : List.of();
	}

}
