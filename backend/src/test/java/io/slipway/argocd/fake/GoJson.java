package io.slipway.argocd.fake;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON as Argo CD's gateway writes it: Go's encoding/json, so keys in Go struct field order and
 * {@code <}, {@code >}, {@code &} escaped as lower-case {@code \u003c} and friends. The key orders
 * below are the struct orders of pkg/apis/application/v1alpha1/types.go for the objects the fake
 * changes; keys it does not know keep their place after the known ones.
 */
final class GoJson {

	static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder().characterEscapes(new GoEscapes()).build())
		.build();

	static final List<String> APPLICATION = List.of("metadata", "spec", "status", "operation");

	static final List<String> METADATA = List.of("name", "generateName", "namespace", "selfLink", "uid",
			"resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
			"labels", "annotations", "ownerReferences", "finalizers", "managedFields");

	static final List<String> SPEC = List.of("source", "destination", "project", "syncPolicy", "ignoreDifferences",
			"info", "revisionHistoryLimit", "sources", "sourceHydrator");

	static final List<String> SYNC_POLICY = List.of("automated", "syncOptions", "retry", "managedNamespaceMetadata");

	static final List<String> AUTOMATED = List.of("prune", "selfHeal", "allowEmpty", "enabled");

	static final List<String> STATUS = List.of("resources", "sync", "health", "history", "conditions", "reconciledAt",
			"operationState", "observedAt", "sourceType", "summary", "resourceHealthSource", "controllerNamespace",
			"sourceHydrator");

	static final List<String> HEALTH = List.of("status", "message", "lastTransitionTime");

	static final List<String> SYNC_STATUS = List.of("status", "comparedTo", "revision", "revisions");

	static final List<String> OPERATION = List.of("sync", "initiatedBy", "info", "retry");

	static final List<String> SYNC_OPERATION = List.of("revision", "prune", "dryRun", "syncStrategy", "resources",
			"source", "manifests", "syncOptions", "sources", "revisions", "sourcePositions", "autoHealAttemptsCount");

	static final List<String> OPERATION_STATE = List.of("operation", "phase", "message", "syncResult", "startedAt",
			"finishedAt", "retryCount");

	static final List<String> SYNC_RESULT = List.of("resources", "revision", "source", "sources", "revisions",
			"managedNamespaceMetadata");

	static final List<String> SUMMARY = List.of("externalURLs", "images");

	private GoJson() {
	}

	static byte[] bytes(JsonNode node) {
		return MAPPER.writeValueAsBytes(node);
	}

	static String string(JsonNode node) {
		return MAPPER.writeValueAsString(node);
	}

	static JsonNode parse(String json) {
		return MAPPER.readTree(json);
	}

	static ObjectNode object() {
		return MAPPER.createObjectNode();
	}

	static ArrayNode array() {
		return MAPPER.createArrayNode();
	}

	/**
	 * Go's time.Time in RFC 3339 with whole seconds, as metav1.Time marshals.
	 */
	static String time(Instant instant) {
		return instant.truncatedTo(ChronoUnit.SECONDS).toString();
	}

	/**
	 * Puts the keys of {@code node} in {@code order}; unknown keys follow in their current order.
	 */
	static void reorder(JsonNode node, List<String> order) {
		if (!(node instanceof ObjectNode object) || object.size() < 2) {
			return;
		}
		Map<String, JsonNode> current = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> property : object.properties()) {
			current.put(property.getKey(), property.getValue());
		}
		List<String> keys = new ArrayList<>(current.size());
		for (String key : order) {
			if (current.containsKey(key)) {
				keys.add(key);
			}
		}
		for (String key : current.keySet()) {
			if (!order.contains(key)) {
				keys.add(key);
			}
		}
		if (keys.equals(new ArrayList<>(current.keySet()))) {
			return;
		}
		object.removeAll();
		for (String key : keys) {
			object.set(key, current.get(key));
		}
	}

	/**
	 * Restores Go struct order on the objects the fake adds keys to, so a key added late still
	 * serialises where Argo CD would put it.
	 */
	static void canonicalize(ObjectNode app) {
		reorder(app, APPLICATION);
		reorder(app.get("metadata"), METADATA);
		JsonNode spec = app.get("spec");
		reorder(spec, SPEC);
		if (spec != null) {
			reorder(spec.get("syncPolicy"), SYNC_POLICY);
			if (spec.get("syncPolicy") != null) {
				reorder(spec.get("syncPolicy").get("automated"), AUTOMATED);
			}
		}
		JsonNode status = app.get("status");
		reorder(status, STATUS);
		if (status != null) {
			reorder(status.get("health"), HEALTH);
			reorder(status.get("sync"), SYNC_STATUS);
			reorder(status.get("summary"), SUMMARY);
			JsonNode state = status.get("operationState");
			reorder(state, OPERATION_STATE);
			if (state != null) {
				reorderOperation(state.get("operation"));
				reorder(state.get("syncResult"), SYNC_RESULT);
			}
		}
		reorderOperation(app.get("operation"));
	}

	private static void reorderOperation(JsonNode operation) {
		reorder(operation, OPERATION);
		if (operation != null) {
			reorder(operation.get("sync"), SYNC_OPERATION);
		}
	}

	/**
	 * Go's encoding/json HTML-escapes these so JSON can be embedded in HTML; Argo CD keeps the
	 * default, and clients must cope.
	 */
	private static final class GoEscapes extends CharacterEscapes {

		private final int[] escapes;

		GoEscapes() {
			this.escapes = standardAsciiEscapesForJSON();
			this.escapes['<'] = ESCAPE_CUSTOM;
			this.escapes['>'] = ESCAPE_CUSTOM;
			this.escapes['&'] = ESCAPE_CUSTOM;
		}

		@Override
		public int[] getEscapeCodesForAscii() {
			return this.escapes;
		}

		@Override
		public SerializableString getEscapeSequence(int ch) {
			return switch (ch) {
				case '<' -> new SerializedString("\\u003c");
				case '>' -> new SerializedString("\\u003e");
				case '&' -> new SerializedString("\\u0026");
				default -> null;
			};
		}

	}

}
