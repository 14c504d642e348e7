package io.slipway.templates;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.slipway.templates.Placeholders.Literal;
import io.slipway.templates.Placeholders.Part;
import io.slipway.templates.Placeholders.Ref;

/**
 * A non-YAML template (a Dockerfile, an ignore file). Text has no structure to protect values with, so
 * placeholders here only accept numbers, booleans and short tokens made of letters, digits and
 * {@code . _ / : @ + -}; anything else is refused rather than escaped.
 */
final class TextTemplate {

	static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._/:@+-]{1,253}");

	private final String name;

	private final List<Part> parts;

	private final List<YamlTemplate.Reference> references;

	private TextTemplate(String name, List<Part> parts, List<YamlTemplate.Reference> references) {
		this.name = name;
		this.parts = parts;
		this.references = references;
	}

	static TextTemplate parse(String pack, String name, String content, Map<String, String> bindings) {
		List<Part> parts;
		try {
			parts = Placeholders.parse(content);
		}
		catch (IllegalArgumentException ex) {
			throw new RenderException(ex.getMessage(), pack, name, null, null);
		}
		List<YamlTemplate.Reference> references = new ArrayList<>();
		for (String path : Placeholders.references(parts)) {
			if (path.equals("values") || path.equals("files")) {
				throw new RenderException("${" + path + "} cannot go into a text template", pack, name, null, null);
			}
			references.add(new YamlTemplate.Reference(YamlTemplate.normalize(path, bindings), ""));
		}
		return new TextTemplate(name, parts, List.copyOf(references));
	}

	String name() {
		return this.name;
	}

	List<YamlTemplate.Reference> references() {
		return this.references;
	}

	String render(String pack, Scope scope) {
		StringBuilder out = new StringBuilder();
		for (Part part : this.parts) {
			if (part instanceof Literal literal) {
				out.append(literal.text());
				continue;
			}
			String path = ((Ref) part).path();
			Object value = scope.lookup(path);
			if (value == Scope.MISSING || value == null) {
				throw new RenderException("unknown placeholder ${" + path + "}: the values have nothing at " + path,
						pack, this.name, null, path);
			}
			String text = Scope.isScalar(value) ? Scope.text(value) : null;
			if (text == null || !SAFE.matcher(text).matches()) {
				throw new RenderException("the value of ${" + path + "} cannot go into a text template: only numbers,"
						+ " booleans and tokens of letters, digits and . _ / : @ + - are allowed", pack, this.name,
						null, path);
			}
			out.append(text);
		}
		return out.toString();
	}

}
