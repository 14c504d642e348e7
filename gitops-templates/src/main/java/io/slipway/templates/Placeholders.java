package io.slipway.templates;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits template text into literal parts and <code>${path}</code> references; <code>$${</code> writes
 * a literal <code>${</code>.
 */
final class Placeholders {

	static final Pattern PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*");

	private Placeholders() {
	}

	sealed interface Part permits Literal, Ref {
	}

	record Literal(String text) implements Part {
	}

	record Ref(String path) implements Part {
	}

	/**
	 * The parts of {@code text}; a result with a single {@link Literal} equal to the input means the
	 * text holds neither placeholders nor escapes.
	 * @throws IllegalArgumentException on an unterminated or malformed placeholder
	 */
	static List<Part> parse(String text) {
		List<Part> parts = new ArrayList<>();
		StringBuilder literal = new StringBuilder();
		int i = 0;
		while (i < text.length()) {
			if (text.startsWith("$${", i)) {
				literal.append("${");
				i += 3;
			}
			else if (text.startsWith("${", i)) {
				int end = text.indexOf('}', i + 2);
				if (end < 0) {
					throw new IllegalArgumentException("unterminated placeholder (write $${ for a literal ${)");
				}
				String path = text.substring(i + 2, end).strip();
				if (!PATH.matcher(path).matches()) {
					throw new IllegalArgumentException("malformed placeholder ${" + path
							+ "}: expected a dotted path such as ${service.name}");
				}
				if (!literal.isEmpty()) {
					parts.add(new Literal(literal.toString()));
					literal.setLength(0);
				}
				parts.add(new Ref(path));
				i = end + 1;
			}
			else {
				literal.append(text.charAt(i));
				i++;
			}
		}
		if (!literal.isEmpty() || parts.isEmpty()) {
			parts.add(new Literal(literal.toString()));
		}
		return List.copyOf(parts);
	}

	static boolean isPlainText(List<Part> parts, String original) {
		return parts.size() == 1 && parts.get(0) instanceof Literal literal && literal.text().equals(original);
	}

	static List<String> references(List<Part> parts) {
		List<String> paths = new ArrayList<>();
		for (Part part : parts) {
			if (part instanceof Ref ref) {
				paths.add(ref.path());
			}
		}
		return paths;
	}

}
