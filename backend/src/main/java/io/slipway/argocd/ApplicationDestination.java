package io.slipway.argocd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * The cluster and namespace an application deploys to.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApplicationDestination(@Nullable String server, @Nullable String name, @Nullable String namespace) {

}
