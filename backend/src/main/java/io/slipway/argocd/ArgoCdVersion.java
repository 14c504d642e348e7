package io.slipway.argocd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code GET /api/version}; anonymous callers get only the version.
 *
 * @param version e.g. {@code v3.5.1+109ca7c}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ArgoCdVersion(@JsonProperty("Version") String version) {
}
