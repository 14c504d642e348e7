package io.slipway.argocd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * {@code status.sync}: {@code Synced}, {@code OutOfSync} or {@code Unknown}, and the resolved revision last compared.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SyncStatus(@Nullable String status, @Nullable String revision) {

}
