package io.slipway.argocd.fake;

import java.util.Map;

import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two patch types Argo CD's Patch accepts: JSON merge patch (RFC 7386) and JSON patch
 * (RFC 6902: add, remove, replace, test, copy, move).
 */
final class Patches {

	private Patches() {
	}

	static JsonNode merge(JsonNode target, JsonNode patch) {
		if (!patch.isObject()) {
			return patch.deepCopy();
		}
		ObjectNode result = target.isObject() ? ((ObjectNode) target).deepCopy() : GoJson.object();
		for (Map.Entry<String, JsonNode> property : patch.properties()) {
			if (property.getValue().isNull()) {
				result.remove(property.getKey());
			}
			else {
				JsonNode existing = result.get(property.getKey());
				result.set(property.getKey(), merge((existing != null) ? existing : GoJson.object(), property.getValue()));
			}
		}
		return result;
	}

	static ObjectNode json(ObjectNode target, JsonNode operations) {
		if (!operations.isArray()) {
			throw ArgoError.invalidArgument("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
		}
		ObjectNode result = target.deepCopy();
		for (JsonNode operation : operations) {
			String op = operation.path("op").asString("");
			JsonPointer path = JsonPointer.compile(operation.path("path").asString(""));
			switch (op) {
				case "add" -> add(result, path, operation.path("value").deepCopy());
				case "replace" -> {
					requireExisting(result, path);
					remove(result, path);
					add(result, path, operation.path("value").deepCopy());
				}
				case "remove" -> {
					requireExisting(result, path);
					remove(result, path);
				}
				case "test" -> {
					if (!result.at(path).equals(operation.path("value"))) {
						throw ArgoError.invalidArgument("testing value " + path + " failed: test failed");
					}
				}
				case "copy", "move" -> {
					JsonPointer from = JsonPointer.compile(operation.path("from").asString(""));
					requireExisting(result, from);
					JsonNode value = result.at(from).deepCopy();
					if (op.equals("move")) {
						remove(result, from);
					}
					add(result, path, value);
				}
				default -> throw ArgoError.invalidArgument("Unexpected kind: " + op);
			}
		}
		return result;
	}

	private static void requireExisting(JsonNode root, JsonPointer path) {
		if (root.at(path).isMissingNode()) {
			throw ArgoError.invalidArgument("replace operation does not apply: doc is missing key: " + path);
		}
	}

	private static void add(JsonNode root, JsonPointer path, JsonNode value) {
		JsonNode parent = root.at(path.head());
		String last = path.last().getMatchingProperty();
		if (parent instanceof ObjectNode object) {
			object.set(last, value);
		}
		else if (parent instanceof ArrayNode array) {
			if (last.equals("-")) {
				array.add(value);
			}
			else {
				array.insert(Integer.parseInt(last), value);
			}
		}
		else {
			throw ArgoError.invalidArgument("add operation does not apply: doc is missing path: " + path);
		}
	}

	private static void remove(JsonNode root, JsonPointer path) {
		JsonNode parent = root.at(path.head());
		String last = path.last().getMatchingProperty();
		if (parent instanceof ObjectNode object) {
			object.remove(last);
		}
		else if (parent instanceof ArrayNode array) {
			array.remove(Integer.parseInt(last));
		}
	}

}
