package io.slipway.argocd.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code fields} query parameter. List honours only a fixed set of paths and copies each leaf
 * as the Go struct serialises it (pkg/apiclient/application/forwarder_overwrite.go); the stream
 * filters any path through a generic map, so every key comes out sorted (argoproj/pkg forwarders.go).
 */
final class FieldProjection {

	/** Paths under {@code items.} that processApplicationListField copies; others are dropped. */
	static final Set<String> LIST_FIELDS = Set.of("metadata.name", "metadata.namespace", "metadata.annotations",
			"metadata.labels", "metadata.creationTimestamp", "metadata.deletionTimestamp", "spec", "spec.destination",
			"spec.project", "spec.source", "spec.sources", "spec.sourceHydrator", "spec.syncPolicy",
			"status.sourceHydrator", "status.summary", "status.health", "status.resources", "status.sync.status",
			"status.sync.revision", "status.operationState.startedAt", "status.operationState.finishedAt",
			"status.operationState.phase", "status.operationState.operation.sync", "operation.sync");

	private final List<String> paths;

	private final boolean exclude;

	private FieldProjection(List<String> paths, boolean exclude) {
		this.paths = paths;
		this.exclude = exclude;
	}

	/**
	 * @param fields the comma-separated values of every {@code fields} parameter
	 * @param prefix {@code items.} for List, {@code result.} for the stream
	 * @return null when no projection was asked for
	 */
	static FieldProjection parse(List<String> fields, String prefix) {
		List<String> paths = new ArrayList<>();
		boolean exclude = false;
		for (String value : fields) {
			for (String field : value.split(",")) {
				String f = field.trim();
				if (f.startsWith("-")) {
					exclude = true;
					f = f.substring(1);
				}
				if (f.startsWith(prefix)) {
					paths.add(f.substring(prefix.length()));
				}
			}
		}
		return (paths.isEmpty() && !exclude) ? null : new FieldProjection(paths, exclude);
	}

	/**
	 * One item of a List response: intermediate objects with sorted keys, leaves as stored.
	 */
	ObjectNode listItem(JsonNode item) {
		if (this.exclude) {
			ObjectNode copy = ((ObjectNode) item).deepCopy();
			for (String path : this.paths) {
				if (LIST_FIELDS.contains(path)) {
					remove(copy, path);
				}
			}
			return copy;
		}
		Map<String, Object> tree = new TreeMap<>();
		for (String path : this.paths) {
			if (!LIST_FIELDS.contains(path)) {
				continue;
			}
			JsonNode leaf = at(item, path);
			if (leaf != null && !leaf.isNull()) {
				insert(tree, path.split("\\."), leaf);
			}
		}
		return toNode(tree, false);
	}

	/**
	 * One stream event {@code {"result": ...}} filtered, every key sorted as a Go map marshals.
	 */
	ObjectNode streamEvent(ObjectNode result) {
		ObjectNode filtered;
		if (this.exclude) {
			filtered = result.deepCopy();
			for (String path : this.paths) {
				remove(filtered, path);
			}
		}
		else {
			Map<String, Object> tree = new TreeMap<>();
			for (String path : this.paths) {
				JsonNode leaf = at(result, path);
				if (leaf != null) {
					insert(tree, path.split("\\."), leaf);
				}
			}
			filtered = toNode(tree, true);
		}
		ObjectNode event = GoJson.object();
		event.set("result", sorted(filtered));
		return event;
	}

	private static JsonNode at(JsonNode node, String path) {
		JsonNode current = node;
		for (String key : path.split("\\.")) {
			if (current == null || !current.isObject()) {
				return null;
			}
			current = current.get(key);
		}
		return current;
	}

	private static void remove(ObjectNode node, String path) {
		String[] keys = path.split("\\.");
		JsonNode parent = node;
		for (int i = 0; i < keys.length - 1 && parent != null; i++) {
			parent = parent.get(keys[i]);
		}
		if (parent instanceof ObjectNode object) {
			object.remove(keys[keys.length - 1]);
		}
	}

	@SuppressWarnings("unchecked")
	private static void insert(Map<String, Object> tree, String[] keys, JsonNode leaf) {
		Map<String, Object> current = tree;
		for (int i = 0; i < keys.length - 1; i++) {
			Object next = current.get(keys[i]);
			if (!(next instanceof Map)) {
				next = new TreeMap<String, Object>();
				current.put(keys[i], next);
			}
			current = (Map<String, Object>) next;
		}
		current.put(keys[keys.length - 1], leaf);
	}

	@SuppressWarnings("unchecked")
	private static ObjectNode toNode(Map<String, Object> tree, boolean sortLeaves) {
		ObjectNode node = GoJson.object();
		for (Map.Entry<String, Object> entry : tree.entrySet()) {
			if (entry.getValue() instanceof Map<?, ?> child) {
				node.set(entry.getKey(), toNode((Map<String, Object>) child, sortLeaves));
			}
			else {
				JsonNode leaf = (JsonNode) entry.getValue();
				node.set(entry.getKey(), sortLeaves ? sorted(leaf) : leaf.deepCopy());
			}
		}
		return node;
	}

	/**
	 * A deep copy with every object's keys sorted, as a Go map[string]interface{} marshals.
	 */
	static JsonNode sorted(JsonNode node) {
		if (node.isObject()) {
			TreeMap<String, JsonNode> keys = new TreeMap<>();
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				keys.put(property.getKey(), property.getValue());
			}
			ObjectNode copy = GoJson.object();
			keys.forEach((key, value) -> copy.set(key, sorted(value)));
			return copy;
		}
		if (node.isArray()) {
			var copy = GoJson.array();
			for (JsonNode element : node.values()) {
				copy.add(sorted(element));
			}
			return copy;
		}
		return node;
	}

}
