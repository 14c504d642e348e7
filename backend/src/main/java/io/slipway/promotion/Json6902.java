package io.slipway.promotion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * JSON 6902 patches (RFC 6902 operations with RFC 6901 pointers) on a resource read from YAML,
 * and the {@code target} selector that says which resources a kustomize patch applies to: what
 * {@link OverlaySettings} needs to read overlays that change replicas, resources or environment
 * variables with {@code op: replace} rather than with a strategic merge.
 * <p>
 * An operation that does not fit the resource (a missing parent, an index out of range) is
 * skipped and the others still apply; {@code test} operations are not evaluated. kustomize
 * would refuse to build such an overlay, which Argo CD then reports; the summary shows what the
 * operations that fit do.
 */
final class Json6902 {

	private Json6902() {
	}

	/**
	 * @return a copy of the resource with the operations applied; the resource is left as it was
	 */
	static Map<String, Object> apply(Map<String, Object> resource, List<Object> operations) {
		Map<String, Object> patched = copy(resource);
		for (Object entry : operations) {
			if (!(entry instanceof Map<?, ?> operation) || !(operation.get("op") instanceof String op)
					|| !(operation.get("path") instanceof String path)) {
				continue;
			}
			List<String> pointer = pointer(path);
			if (pointer == null) {
				continue;
			}
			switch (op) {
				case "add" -> add(patched, pointer, copyValue(operation.get("value")), false);
				case "replace" -> add(patched, pointer, copyValue(operation.get("value")), true);
				case "remove" -> remove(patched, pointer);
				case "copy", "move" -> {
					List<String> from = (operation.get("from") instanceof String text) ? pointer(text) : null;
					if (from == null) {
						continue;
					}
					Object value = get(patched, from);
					if (value != NOTHING) {
						if (op.equals("move")) {
							remove(patched, from);
						}
						add(patched, pointer, copyValue(value), false);
					}
				}
				default -> {
					// test, or not an operation: nothing to change
				}
			}
		}
		return patched;
	}

	/**
	 * Whether a kustomize patch {@code target} selects the resource: {@code kind}, {@code name} (a
	 * regular expression over the whole name, as kustomize reads it), {@code group} and
	 * {@code version} against {@code apiVersion}, {@code namespace}, and equality-based
	 * {@code labelSelector} and {@code annotationSelector}. A target with none of these selects
	 * every resource.
	 */
	static boolean selects(Map<String, Object> target, Map<String, Object> resource) {
		Map<String, Object> metadata = map(resource.get("metadata"));
		String apiVersion = String.valueOf(resource.get("apiVersion"));
		String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
		String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
		return matches(target.get("kind"), resource.get("kind")) && matches(target.get("group"), group)
				&& matches(target.get("version"), version) && matches(target.get("name"), metadata.get("name"))
				&& matches(target.get("namespace"), metadata.get("namespace"))
				&& labelsMatch(target.get("labelSelector"), map(metadata.get("labels")))
				&& labelsMatch(target.get("annotationSelector"), map(metadata.get("annotations")));
	}

	private static boolean matches(@Nullable Object wanted, @Nullable Object actual) {
		if (wanted == null || String.valueOf(wanted).isEmpty()) {
			return true;
		}
		try {
			return Pattern.compile(String.valueOf(wanted)).matcher(String.valueOf(actual)).matches();
		}
		catch (IllegalArgumentException ex) {
			return String.valueOf(wanted).equals(String.valueOf(actual));
		}
	}

	private static boolean labelsMatch(@Nullable Object selector, Map<String, Object> labels) {
		if (selector == null || String.valueOf(selector).isBlank()) {
			return true;
		}
		for (String term : String.valueOf(selector).split(",")) {
			String trimmed = term.strip();
			boolean negated = trimmed.contains("!=");
			String[] sides = trimmed.split("!=|==|=", 2);
			String key = sides[0].strip();
			if (sides.length == 1) {
				// a bare key: the label must be there
				if (!labels.containsKey(key)) {
					return false;
				}
				continue;
			}
			boolean equal = sides[1].strip().equals(String.valueOf(labels.get(key)));
			if (equal == negated) {
				return false;
			}
		}
		return true;
	}

	// --- pointers

	private static final Object NOTHING = new Object();

	private static @Nullable List<String> pointer(String path) {
		if (path.isEmpty()) {
			// the whole document: not something an overlay replaces
			return null;
		}
		if (!path.startsWith("/")) {
			return null;
		}
		List<String> tokens = new ArrayList<>();
		for (String token : path.substring(1).split("/", -1)) {
			tokens.add(token.replace("~1", "/").replace("~0", "~"));
		}
		return tokens;
	}

	private static Object get(Object root, List<String> pointer) {
		Object current = root;
		for (String token : pointer) {
			current = child(current, token);
			if (current == NOTHING) {
				return NOTHING;
			}
		}
		return current;
	}

	private static Object child(@Nullable Object node, String token) {
		if (node instanceof Map<?, ?> map) {
			return map.containsKey(token) ? map.get(token) : NOTHING;
		}
		if (node instanceof List<?> list) {
			int index = index(token, list.size() - 1);
			return (index >= 0) ? list.get(index) : NOTHING;
		}
		return NOTHING;
	}

	@SuppressWarnings("unchecked")
	private static void add(Map<String, Object> root, List<String> pointer, @Nullable Object value, boolean replace) {
		Object parent = get(root, pointer.subList(0, pointer.size() - 1));
		String last = pointer.get(pointer.size() - 1);
		if (parent instanceof Map<?, ?> map) {
			if (!replace || map.containsKey(last)) {
				((Map<String, Object>) map).put(last, value);
			}
		}
		else if (parent instanceof List<?> list) {
			List<Object> items = (List<Object>) list;
			if (replace) {
				int index = index(last, items.size() - 1);
				if (index >= 0) {
					items.set(index, value);
				}
			}
			else if (last.equals("-")) {
				items.add(value);
			}
			else {
				int index = index(last, items.size());
				if (index >= 0) {
					items.add(index, value);
				}
			}
		}
	}

	private static void remove(Map<String, Object> root, List<String> pointer) {
		Object parent = get(root, pointer.subList(0, pointer.size() - 1));
		String last = pointer.get(pointer.size() - 1);
		if (parent instanceof Map<?, ?> map) {
			map.remove(last);
		}
		else if (parent instanceof List<?> list) {
			int index = index(last, list.size() - 1);
			if (index >= 0) {
				list.remove(index);
			}
		}
	}

	/** The array index a token names, -1 when it is not one or lies beyond {@code highest}. */
	private static int index(String token, int highest) {
		if (!token.matches("0|[1-9][0-9]{0,8}")) {
			return -1;
		}
		int index = Integer.parseInt(token);
		return (index <= highest) ? index : -1;
	}

	// --- copies: patches never change the YAML they were read from

	private static Map<String, Object> copy(Map<String, Object> map) {
		Map<String, Object> copy = new LinkedHashMap<>();
		map.forEach((key, value) -> copy.put(String.valueOf(key), copyValue(value)));
		return copy;
	}

	@SuppressWarnings("unchecked")
	private static @Nullable Object copyValue(@Nullable Object value) {
		if (value instanceof Map<?, ?> map) {
			return copy((Map<String, Object>) map);
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>(list.size());
			list.forEach((item) -> copy.add(copyValue(item)));
			return copy;
		}
		return value;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(@Nullable Object value) {
		return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

}
