package io.slipway.argocd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * One item of {@code GET .../managed-resources}: a resource Argo CD manages, with its desired and
 * live state. The states are JSON documents encoded as strings on the wire and kept so here.
 *
 * @param group API group
 * @param kind kind
 * @param namespace namespace
 * @param name name
 * @param targetState the desired object (JSON text), {@code null} when it is to be pruned
 * @param liveState the live object (JSON text), {@code null} when missing
 * @param normalizedLiveState the live object as compared (JSON text)
 * @param predictedLiveState the live object after a sync (JSON text)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ManagedResource(@Nullable String group, @Nullable String kind, @Nullable String namespace,
		@Nullable String name, @Nullable String targetState, @Nullable String liveState,
		@Nullable String normalizedLiveState, @Nullable String predictedLiveState) {
}
