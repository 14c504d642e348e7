package io.slipway.templates;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Null-tolerant reads of parsed YAML trees, so a check never throws on a file of the wrong shape. */
final class Trees {

	private Trees() {
	}

	/** The value at a key path, or null when any step is missing or of another type. */
	static Object at(Object root, String... keys) {
		Object current = root;
		for (String key : keys) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(key);
		}
		return current;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Object value) {
		return value instanceof List<?> list ? (List<Object>) list : List.of();
	}

	static List<Map<String, Object>> maps(Object value) {
		List<Map<String, Object>> out = new ArrayList<>();
		for (Object item : list(value)) {
			if (item instanceof Map) {
				out.add(map(item));
			}
		}
		return out;
	}

	/** Text form of a scalar (numbers and booleans included), null for anything else. */
	static String text(Object value) {
		return Scope.isScalar(value) ? Scope.text(value) : null;
	}

	@SuppressWarnings("unchecked")
	static <T> T deepCopy(T value) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> out = new LinkedHashMap<>();
			map.forEach((key, item) -> out.put(String.valueOf(key), deepCopy(item)));
			return (T) out;
		}
		if (value instanceof List<?> list) {
			List<Object> out = new ArrayList<>();
			list.forEach(item -> out.add(deepCopy(item)));
			return (T) out;
		}
		return value;
	}

	/** A map at a key path, created on the way when missing. */
	static Map<String, Object> ensure(Map<String, Object> root, String... keys) {
		Map<String, Object> current = root;
		for (String key : keys) {
			Object next = current.get(key);
			if (!(next instanceof Map)) {
				next = new LinkedHashMap<String, Object>();
				current.put(key, next);
			}
			current = map(next);
		}
		return current;
	}

}
