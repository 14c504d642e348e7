package io.slipway.argocd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code status.history} (oldest first): a successful full sync.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RevisionHistory(long id, @Nullable String revision, @Nullable Instant deployedAt, @Nullable Instant deployStartedAt, @Nullable ApplicationSource source, @Nullable InitiatedBy initiatedBy) {

}
