package io.slipway.audit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON form the chain hashes: object keys sorted, no insignificant whitespace, strings
 * escaped minimally. It is written here rather than by a configured mapper so that neither
 * application settings nor a Jackson upgrade can change the bytes of a hash input.
 */
final class CanonicalJson {

	// A private mapper: converting event values to a tree must not depend on the application's
	// Jackson customizations.
	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final TypeReference<LinkedHashMap<String, Object>> MAP_TYPE = new TypeReference<>() {
	};

	private CanonicalJson() {
	}

	/**
	 * Writes any JSON-like value (maps, lists, strings, numbers, booleans, null, or what Jackson
	 * converts to those) canonically.
	 */
	static String write(@Nullable Object value) {
		StringBuilder out = new StringBuilder();
		append(MAPPER.valueToTree(value), out);
		return out.toString();
	}

	/** Reads a stored JSON object back; a value that is not one (a tampered row) is kept as text. */
	static Map<String, Object> readObject(String json) {
		try {
			LinkedHashMap<String, Object> map = MAPPER.readValue(json, MAP_TYPE);
			return (map != null) ? map : Map.of();
		}
		catch (JacksonException ex) {
			Map<String, Object> unreadable = new LinkedHashMap<>();
			unreadable.put("unreadable", json);
			return unreadable;
		}
	}

	static String quote(String value) {
		StringBuilder out = new StringBuilder(value.length() + 2);
		appendString(value, out);
		return out.toString();
	}

	private static void append(JsonNode node, StringBuilder out) {
		if (node.isObject()) {
			List<Map.Entry<String, JsonNode>> properties = new ArrayList<>(node.properties());
			properties.sort(Map.Entry.comparingByKey());
			out.append('{');
			for (int i = 0; i < properties.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				appendString(properties.get(i).getKey(), out);
				out.append(':');
				append(properties.get(i).getValue(), out);
			}
			out.append('}');
		}
		else if (node.isArray()) {
			out.append('[');
			int i = 0;
			for (JsonNode element : node.values()) {
				if (i++ > 0) {
					out.append(',');
				}
				append(element, out);
			}
			out.append(']');
		}
		else if (node.isNull() || node.isMissingNode()) {
			out.append("null");
		}
		else if (node.isBoolean()) {
			out.append(node.booleanValue());
		}
		else if (node.isNumber()) {
			appendNumber(node.numberValue(), out);
		}
		else {
			appendString(node.asString(), out);
		}
	}

	private static void appendNumber(Number number, StringBuilder out) {
		if (number instanceof Double || number instanceof Float) {
			double value = number.doubleValue();
			if (Double.isNaN(value) || Double.isInfinite(value)) {
				// JSON has no NaN or Infinity: keep the fact as text rather than fail the audit.
				appendString(number.toString(), out);
				return;
			}
			out.append(number);
		}
		else if (number instanceof BigDecimal decimal) {
			out.append(decimal.toString());
		}
		else {
			out.append(number);
		}
	}

	private static void appendString(String value, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> {
					if (c < 0x20 || (Character.isSurrogate(c) && !isPairedSurrogate(value, i))) {
						// Control characters must be escaped; a lone surrogate would not survive
						// the trip through UTF-8 to the database and back, so it is escaped too.
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

	private static boolean isPairedSurrogate(String value, int index) {
		char c = value.charAt(index);
		if (Character.isHighSurrogate(c)) {
			return index + 1 < value.length() && Character.isLowSurrogate(value.charAt(index + 1));
		}
		return index > 0 && Character.isHighSurrogate(value.charAt(index - 1));
	}

}
