package io.slipway.templates;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * What a placeholder can see: the values tree's roots plus the names bound by {@code $each}/{@code each},
 * innermost first.
 */
final class Scope {

	/** Marks a path that leads nowhere, as opposed to one whose value is null. */
	static final Object MISSING = new Object() {
		@Override
		public String toString() {
			return "<missing>";
		}
	};

	private final Map<String, Object> roots;

	private final Scope parent;

	private final String name;

	private final Object value;

	private Scope(Map<String, Object> roots, Scope parent, String name, Object value) {
		this.roots = roots;
		this.parent = parent;
		this.name = name;
		this.value = value;
	}

	static Scope of(Map<String, Object> roots) {
		return new Scope(roots, null, null, null);
	}

	Scope bind(String name, Object value) {
		return new Scope(this.roots, this, name, value);
	}

	/** The value at a dotted path, {@link #MISSING} when a segment does not exist. */
	Object lookup(String path) {
		String[] segments = path.split("\\.");
		Object current = root(segments[0]);
		for (int i = 1; i < segments.length && current != MISSING; i++) {
			current = child(current, segments[i]);
		}
		return current;
	}

	private Object root(String first) {
		for (Scope scope = this; scope != null; scope = scope.parent) {
			if (first.equals(scope.name)) {
				return scope.value;
			}
		}
		return this.roots.containsKey(first) ? this.roots.get(first) : MISSING;
	}

	private static Object child(Object current, String segment) {
		if (current instanceof Map<?, ?> map) {
			return map.containsKey(segment) ? map.get(segment) : MISSING;
		}
		if (current instanceof List<?> list && segment.chars().allMatch(Character::isDigit)) {
			int index = Integer.parseInt(segment);
			return index < list.size() ? list.get(index) : MISSING;
		}
		return MISSING;
	}

	/**
	 * Truthiness for {@code when}: absent, null, false, zero, empty text and empty collections are
	 * false; everything else is true.
	 */
	static boolean truthy(Object value) {
		if (value == MISSING || value == null) {
			return false;
		}
		if (value instanceof Boolean bool) {
			return bool;
		}
		if (value instanceof Number number) {
			return number.doubleValue() != 0;
		}
		if (value instanceof String text) {
			return !text.isEmpty();
		}
		if (value instanceof Map<?, ?> map) {
			return !map.isEmpty();
		}
		if (value instanceof List<?> list) {
			return !list.isEmpty();
		}
		return true;
	}

	/** Text form of a scalar value, as it appears when interpolated into a longer string. */
	static String text(Object value) {
		if (value instanceof BigDecimal decimal) {
			return decimal.toPlainString();
		}
		return String.valueOf(value);
	}

	static boolean isScalar(Object value) {
		return value instanceof String || value instanceof Boolean || isNumber(value);
	}

	static boolean isNumber(Object value) {
		return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
				|| value instanceof BigInteger || value instanceof Double || value instanceof Float
				|| value instanceof BigDecimal;
	}

	static boolean isIntegral(Object value) {
		return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
				|| value instanceof BigInteger;
	}

}
