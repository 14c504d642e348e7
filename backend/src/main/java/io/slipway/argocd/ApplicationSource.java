package io.slipway.argocd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * Where an application's manifests come from ({@code spec.source}, {@code history[].source}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApplicationSource(@Nullable String repoURL, @Nullable String path, @Nullable String targetRevision) {

}
