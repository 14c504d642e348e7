package io.slipway.argocd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code metadata} of an Application.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApplicationMetadata(String name, @Nullable String namespace, @Nullable String resourceVersion, Map<String, String> labels, Map<String, String> annotations, @Nullable Instant creationTimestamp, @Nullable Instant deletionTimestamp) {

	public ApplicationMetadata {
		labels = (labels != null) ? Map.copyOf(labels) : Map.of();
		annotations = (annotations != null) ? Map.copyOf(annotations) : Map.of();
	}

}
