package io.slipway.argocd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code operationState.syncResult}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SyncOperationResult(List<ResourceResult> resources, @Nullable String revision, @Nullable ApplicationSource source) {

	public SyncOperationResult {
		resources = (resources != null) ? List.copyOf(resources) : List.of();
	}

}
