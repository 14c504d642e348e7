package io.slipway.argocd;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/v1/applications/{name}/resource-tree}: every live object of an application,
 * managed or owned by a managed one.
 *
 * @param nodes the objects
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourceTree(List<Node> nodes) {

	public ResourceTree {
		nodes = (nodes != null) ? List.copyOf(nodes) : List.of();
	}

	/**
	 * One object of the tree; the resource reference keys are top level on the wire.
	 *
	 * @param group API group, empty for core
	 * @param version API version
	 * @param kind kind
	 * @param namespace namespace
	 * @param name name
	 * @param uid uid
	 * @param parentRefs owners
	 * @param health health, when Argo CD assesses this kind
	 * @param images container images, for pods
	 * @param createdAt creation time
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Node(@Nullable String group, @Nullable String version, @Nullable String kind,
			@Nullable String namespace, @Nullable String name, @Nullable String uid, List<ParentRef> parentRefs,
			@Nullable HealthStatus health, List<String> images, java.time.@Nullable Instant createdAt) {

		public Node {
			parentRefs = (parentRefs != null) ? List.copyOf(parentRefs) : List.of();
			images = (images != null) ? List.copyOf(images) : List.of();
		}

	}

	/**
	 * A reference from a node to its owner.
	 *
	 * @param group API group
	 * @param kind kind
	 * @param namespace namespace
	 * @param name name
	 * @param uid uid
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record ParentRef(@Nullable String group, @Nullable String kind, @Nullable String namespace,
			@Nullable String name, @Nullable String uid) {
	}

}
