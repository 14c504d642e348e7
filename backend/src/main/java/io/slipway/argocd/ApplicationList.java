package io.slipway.argocd;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/v1/applications}: the applications sorted by name, and the resource version to
 * start the stream from so that no change between the list and the stream is missed.
 *
 * @param items the applications; empty when none match ({@code null} on the wire)
 * @param metadata the list's metadata holding {@code resourceVersion}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApplicationList(List<Application> items, @Nullable ListMetadata metadata) {

	public ApplicationList {
		items = (items != null) ? List.copyOf(items) : List.of();
	}

	/**
	 * @return the informer's resource version to pass to the stream, or {@code null}
	 */
	public @Nullable String resourceVersion() {
		return (this.metadata != null) ? this.metadata.resourceVersion() : null;
	}

	/**
	 * {@code metadata} of a list.
	 *
	 * @param resourceVersion the informer's last resource version
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record ListMetadata(@Nullable String resourceVersion) {
	}

}
