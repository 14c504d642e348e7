package io.slipway.argocd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * {@code status.operationState}: phase {@code Running}, {@code Terminating}, {@code Failed}, {@code Error} or {@code Succeeded}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OperationState(@Nullable Operation operation, @Nullable String phase, @Nullable String message, @Nullable Instant startedAt, @Nullable Instant finishedAt, @Nullable SyncOperationResult syncResult, long retryCount) {

}
