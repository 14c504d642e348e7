package io.slipway.argocd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code status} of an Application: the fields Slipway reads. Every field is optional on the wire.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApplicationStatus(List<ResourceStatus> resources, @Nullable SyncStatus sync, @Nullable HealthStatus health, List<RevisionHistory> history, @Nullable Instant reconciledAt, @Nullable OperationState operationState, @Nullable ApplicationSummary summary, List<ApplicationCondition> conditions) {

	public ApplicationStatus {
		resources = (resources != null) ? List.copyOf(resources) : List.of();
		history = (history != null) ? List.copyOf(history) : List.of();
		conditions = (conditions != null) ? List.copyOf(conditions) : List.of();
	}

}
