package io.slipway.argocd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One resource of {@code operationState.syncResult.resources}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourceResult(@Nullable String group, @Nullable String version, @Nullable String kind, @Nullable String namespace, @Nullable String name, @Nullable String status, @Nullable String message, @Nullable String hookPhase, @Nullable String syncPhase, List<String> images) {

	public ResourceResult {
		images = (images != null) ? List.copyOf(images) : List.of();
	}

}
