package io.slipway.argocd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * Who started an operation: a user name, or the automated controller.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InitiatedBy(@Nullable String username, boolean automated) {

}
