package io.slipway.argocd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * The top-level {@code operation} (present only while one is requested or running), also {@code operationState.operation}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Operation(@Nullable SyncOperation sync, @Nullable InitiatedBy initiatedBy) {

}
