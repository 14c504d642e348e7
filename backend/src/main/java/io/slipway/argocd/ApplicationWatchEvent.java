package io.slipway.argocd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One event of {@code GET /api/v1/stream/applications} (the {@code result} of a stream chunk).
 *
 * @param type what happened
 * @param application the full application after the change (for DELETED: as it was last seen)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApplicationWatchEvent(Type type, Application application) {

	/**
	 * Kubernetes watch event types, as Argo CD's broadcaster sends them.
	 */
	public enum Type {

		ADDED, MODIFIED, DELETED

	}

}
