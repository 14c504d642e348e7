package io.slipway.argocd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One of {@code status.conditions}, e.g. {@code ComparisonError} or {@code SyncError}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApplicationCondition(@Nullable String type, @Nullable String message, @Nullable Instant lastTransitionTime) {

}
