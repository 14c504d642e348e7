package io.slipway.argocd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * One managed resource of {@code status.resources}; {@code health} only from Get and Watch, not List.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourceStatus(@Nullable String group, @Nullable String version, @Nullable String kind, @Nullable String namespace, @Nullable String name, @Nullable String status, @Nullable HealthStatus health, boolean requiresPruning) {

}
