package io.slipway.argocd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Health of an application or resource: {@code Healthy}, {@code Progressing}, {@code Degraded}, {@code Suspended}, {@code Missing} or {@code Unknown}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HealthStatus(@Nullable String status, @Nullable String message, @Nullable Instant lastTransitionTime) {

}
