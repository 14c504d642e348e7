package io.slipway.argocd;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Filters and projection for listing or streaming applications.
 *
 * @param projects OR filter on {@code spec.project}; empty for all
 * @param selector a Kubernetes label selector, {@code null} for none
 * @param fields the {@code fields} projection ({@code items.metadata.name,...}), empty for whole
 * applications
 */
public record ApplicationQuery(List<String> projects, @Nullable String selector, List<String> fields) {

	public ApplicationQuery {
		projects = List.copyOf(projects);
		fields = List.copyOf(fields);
	}

	/**
	 * @return every application, whole
	 */
	public static ApplicationQuery all() {
		return new ApplicationQuery(List.of(), null, List.of());
	}

}
