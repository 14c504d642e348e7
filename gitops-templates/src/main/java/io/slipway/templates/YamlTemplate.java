package io.slipway.templates;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.slipway.templates.Placeholders.Literal;
import io.slipway.templates.Placeholders.Part;
import io.slipway.templates.Placeholders.Ref;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.DumperOptions.FlowStyle;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.comments.CommentType;
import org.yaml.snakeyaml.emitter.Emitter;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.serializer.Serializer;

/**
 * A YAML template: parsed once into a SnakeYAML node tree (comments kept), rendered by building a new
 * tree in which placeholders are replaced inside scalar nodes only, then serialized.
 *
 * <p>Because a value only ever becomes the content of one scalar node (or, for an exact placeholder of
 * a map or list, a subtree built from that value), no character in it can add a key, a document or a
 * resource: the emitter quotes and escapes as the YAML spec requires.
 *
 * <p>Directives (mapping keys starting with {@code $}):
 * <ul>
 * <li>{@code $each: <path>} with optional {@code $as: <name>} (default {@code item}) on a sequence item
 * mapping repeats the item once per element of the list at path, with the element bound to the name;</li>
 * <li>{@code $when: <condition>} drops the sequence item, or the mapping entry whose value carries it,
 * when the condition is false;</li>
 * <li>{@code $value: <node>} replaces the mapping by that node (for conditional or repeated scalars),
 * and {@code $else: <node>} is used instead when {@code $when} is false;</li>
 * <li>{@code $$key} writes a literal key {@code $key}.</li>
 * </ul>
 */
final class YamlTemplate {

	static final String EACH = "$each";

	static final String AS = "$as";

	static final String WHEN = "$when";

	static final String VALUE = "$value";

	static final String ELSE = "$else";

	private static final Set<String> DIRECTIVES = Set.of(EACH, AS, WHEN, VALUE, ELSE);

	private static final Set<String> RESERVED_ROOTS = Set.of("pack", "values", "files");

	private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	/** The resolver the output is checked against; it also knows YAML 1.2 and go-yaml v2 spellings. */
	private static final Resolver OUTPUT_RESOLVER = new KubernetesResolver();

	private final String name;

	private final Node root;

	private final List<Reference> references;

	/** Parsed once at load: scalar text split into parts, and conditions, keyed by their node or text. */
	private final Map<ScalarNode, List<Part>> scalars;

	private final Map<String, Condition> conditions;

	/** A value path a template reads, normalized to the values tree (loop names replaced). */
	record Reference(String path, String location) {
	}

	private YamlTemplate(String name, Node root, List<Reference> references, Map<ScalarNode, List<Part>> scalars,
			Map<String, Condition> conditions) {
		this.name = name;
		this.root = root;
		this.references = references;
		this.scalars = scalars;
		this.conditions = conditions;
	}

	String name() {
		return this.name;
	}

	List<Reference> references() {
		return this.references;
	}

	/**
	 * Parses and statically checks a template; {@code bindings} maps names bound around the whole
	 * file (a manifest {@code each}) to the list path they iterate.
	 * @throws RenderException when the template is not valid YAML or misuses placeholders or directives
	 */
	static YamlTemplate parse(String pack, String name, String content, Map<String, String> bindings) {
		LoaderOptions options = new LoaderOptions();
		options.setProcessComments(true);
		options.setAllowDuplicateKeys(false);
		options.setMaxAliasesForCollections(0);
		List<Node> documents = new ArrayList<>();
		try {
			for (Node document : new Yaml(options).composeAll(new StringReader(content))) {
				documents.add(document);
			}
		}
		catch (YAMLException ex) {
			throw new RenderException("not valid YAML: " + ex.getMessage(), pack, name, null, null);
		}
		if (documents.size() != 1) {
			throw new RenderException("a template holds exactly one YAML document, found " + documents.size(),
					pack, name, null, null);
		}
		Node root = documents.get(0);
		Lint lint = new Lint(pack, name);
		lint.check(root, "", false, bindings, true);
		return new YamlTemplate(name, root, List.copyOf(lint.references), Collections.unmodifiableMap(lint.scalars),
				Map.copyOf(lint.conditions));
	}

	/**
	 * Renders the template against a scope.
	 * @throws RenderException on an unknown placeholder or a value of the wrong shape, naming the
	 * location inside the template
	 */
	String render(String pack, Scope scope) {
		Renderer renderer = new Renderer(pack, this.name, this.scalars, this.conditions);
		Node output = renderer.node(this.root, scope, "", 0, true);
		if (output == null) {
			throw new RenderException("the document itself cannot be conditional; use the manifest's when",
					pack, this.name, "", null);
		}
		return dump(output);
	}

	static String dump(Node node) {
		DumperOptions options = new DumperOptions();
		options.setProcessComments(true);
		options.setIndent(2);
		options.setIndicatorIndent(2);
		options.setIndentWithIndicator(true);
		options.setWidth(Integer.MAX_VALUE);
		options.setSplitLines(false);
		options.setLineBreak(DumperOptions.LineBreak.UNIX);
		StringWriter out = new StringWriter();
		try {
			Serializer serializer = new Serializer(new Emitter(out, options), OUTPUT_RESOLVER, options, null);
			serializer.open();
			serializer.serialize(node);
			serializer.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString();
	}

	/** Static checks run once at load time, so a broken pack fails when Slipway starts, not at submit. */
	private static final class Lint {

		private final String pack;

		private final String template;

		final List<Reference> references = new ArrayList<>();

		final Map<ScalarNode, List<Part>> scalars = new IdentityHashMap<>();

		final Map<String, Condition> conditions = new HashMap<>();

		Lint(String pack, String template) {
			this.pack = pack;
			this.template = template;
		}

		private RenderException fail(String reason, String location) {
			return new RenderException(reason, this.pack, this.template, location, null);
		}

		void check(Node node, String location, boolean sequenceItem, Map<String, String> bindings, boolean root) {
			comments(node, location);
			if (node instanceof ScalarNode scalar) {
				scalar(scalar, location, bindings);
			}
			else if (node instanceof SequenceNode sequence) {
				List<Node> items = sequence.getValue();
				for (int i = 0; i < items.size(); i++) {
					check(items.get(i), location + "[" + i + "]", true, bindings, false);
				}
			}
			else if (node instanceof MappingNode mapping) {
				mapping(mapping, location, sequenceItem, bindings, root);
			}
		}

		private void mapping(MappingNode mapping, String location, boolean sequenceItem,
				Map<String, String> bindings, boolean root) {
			Map<String, String> inner = bindings;
			Set<String> directives = new LinkedHashSet<>();
			boolean plainKeys = false;
			for (NodeTuple tuple : mapping.getValue()) {
				if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
					throw fail("mapping keys must be scalars", location);
				}
				comments(key, location);
				String text = key.getValue();
				if (isDirective(text)) {
					if (!DIRECTIVES.contains(text)) {
						throw fail("unknown directive " + text + " (known: $each, $as, $when, $value, $else; write $$"
								+ text.substring(1) + " for a literal key)", location);
					}
					directives.add(text);
				}
				else {
					plainKeys = true;
					if (!Placeholders.isPlainText(parse(text, location), text)) {
						throw fail("placeholders are not allowed in keys; a value can only ever become a scalar",
								join(location, text));
					}
				}
			}
			if (root && (directives.contains(EACH) || directives.contains(WHEN))) {
				throw fail("the document itself cannot be repeated or conditional; use the manifest's each/when",
						location);
			}
			if (directives.contains(EACH) && !sequenceItem) {
				throw fail("$each only works on a sequence item", location);
			}
			if (directives.contains(AS) && !directives.contains(EACH)) {
				throw fail("$as needs $each", location);
			}
			if (directives.contains(ELSE) && !(directives.contains(VALUE) && directives.contains(WHEN))) {
				throw fail("$else needs $value and $when", location);
			}
			if (directives.contains(VALUE) && plainKeys) {
				throw fail("a mapping with $value holds only directives", location);
			}
			if (directives.contains(EACH)) {
				String list = directiveText(mapping, EACH, location);
				checkPath(list, location);
				String as = directives.contains(AS) ? directiveText(mapping, AS, location) : "item";
				if (!NAME.matcher(as).matches() || RESERVED_ROOTS.contains(as)) {
					throw fail("$as must be a simple name other than pack, values or files: " + as, location);
				}
				this.references.add(new Reference(normalize(list, bindings), location));
				inner = new HashMap<>(bindings);
				inner.put(as, normalize(list, bindings) + "[]");
			}
			if (directives.contains(WHEN)) {
				String text = directiveText(mapping, WHEN, location);
				Condition condition;
				try {
					condition = Condition.parse(text);
				}
				catch (IllegalArgumentException ex) {
					throw fail(ex.getMessage(), location);
				}
				this.conditions.put(text, condition);
				for (String path : condition.paths()) {
					this.references.add(new Reference(normalize(path, inner), location));
				}
			}
			for (NodeTuple tuple : mapping.getValue()) {
				String key = ((ScalarNode) tuple.getKeyNode()).getValue();
				if (key.equals(VALUE) || key.equals(ELSE) || !isDirective(key)) {
					check(tuple.getValueNode(), join(location, key), false, inner, false);
				}
			}
		}

		private String directiveText(MappingNode mapping, String directive, String location) {
			for (NodeTuple tuple : mapping.getValue()) {
				if (((ScalarNode) tuple.getKeyNode()).getValue().equals(directive)) {
					if (tuple.getValueNode() instanceof ScalarNode scalar && !scalar.getValue().isBlank()) {
						return scalar.getValue().strip();
					}
					throw fail(directive + " takes a plain text value", location);
				}
			}
			throw new IllegalStateException(directive);
		}

		private void scalar(ScalarNode scalar, String location, Map<String, String> bindings) {
			List<Part> parts = parse(scalar.getValue(), location);
			this.scalars.put(scalar, parts);
			if (Placeholders.isPlainText(parts, scalar.getValue())) {
				return;
			}
			if (explicitlyTagged(scalar)) {
				throw fail("placeholders cannot be used in explicitly tagged scalars; quote the scalar to force a string",
						location);
			}
			for (String path : Placeholders.references(parts)) {
				checkPath(path, location);
				this.references.add(new Reference(normalize(path, bindings), location));
			}
		}

		private void comments(Node node, String location) {
			for (List<CommentLine> lines : commentLists(node)) {
				for (CommentLine line : lines) {
					for (String path : Placeholders.references(parse(line.getValue(), location))) {
						if (!path.equals("pack.name") && !path.equals("pack.version")) {
							throw fail("comments may only use ${pack.name} and ${pack.version}; found ${" + path + "}",
									location);
						}
					}
				}
			}
		}

		private void checkPath(String path, String location) {
			String first = path.split("\\.")[0];
			if (first.equals("pack") && !(path.equals("pack.name") || path.equals("pack.version"))) {
				throw fail("unknown placeholder ${" + path + "}: pack offers only pack.name and pack.version",
						location);
			}
			if ((first.equals("values") || first.equals("files")) && !path.equals(first)) {
				throw fail("${" + first + "} stands for the whole " + first + " list or tree and has no children",
						location);
			}
		}

		private List<Part> parse(String text, String location) {
			try {
				return Placeholders.parse(text);
			}
			catch (IllegalArgumentException ex) {
				throw fail(ex.getMessage(), location);
			}
		}

	}

	/** Keys starting with {@code $} are directives, except {@code $$} (a literal {@code $}) and placeholders. */
	static boolean isDirective(String key) {
		return key.startsWith("$") && !key.startsWith("$$") && !key.startsWith("${");
	}

	/** The values-tree path behind a reference, with loop names replaced by {@code <list>[]}. */
	static String normalize(String path, Map<String, String> bindings) {
		int dot = path.indexOf('.');
		String first = dot < 0 ? path : path.substring(0, dot);
		String prefix = bindings.get(first);
		if (prefix == null) {
			return path;
		}
		return dot < 0 ? prefix : prefix + path.substring(dot);
	}

	private static boolean explicitlyTagged(ScalarNode scalar) {
		Mark mark = scalar.getStartMark();
		if (mark == null || mark.getBuffer() == null || mark.getIndex() >= mark.getBuffer().length) {
			return false;
		}
		int first = mark.getBuffer()[mark.getIndex()];
		return first == '!' || first == '&';
	}

	private static List<List<CommentLine>> commentLists(Node node) {
		List<List<CommentLine>> lists = new ArrayList<>(3);
		for (List<CommentLine> list : Arrays.asList(node.getBlockComments(), node.getInLineComments(),
				node.getEndComments())) {
			if (list != null) {
				lists.add(list);
			}
		}
		return lists;
	}

	private static String join(String location, String key) {
		return location.isEmpty() ? key : location + "." + key;
	}

	/** Builds the output tree; never shares a node with the template so the serializer writes no anchors. */
	private static final class Renderer {

		private final String pack;

		private final String template;

		private final Map<ScalarNode, List<Part>> scalars;

		private final Map<String, Condition> conditions;

		Renderer(String pack, String template, Map<ScalarNode, List<Part>> scalars, Map<String, Condition> conditions) {
			this.pack = pack;
			this.template = template;
			this.scalars = scalars;
			this.conditions = conditions;
		}

		private RenderException fail(String reason, String location, String field) {
			return new RenderException(reason, this.pack, this.template, location, field);
		}

		/** The rendered node, or null when a {@code $when} removed it. */
		Node node(Node node, Scope scope, String location, int depth, boolean keepComments) {
			Node out;
			if (node instanceof ScalarNode scalar) {
				out = scalar(scalar, scope, location);
			}
			else if (node instanceof SequenceNode sequence) {
				out = sequence(sequence, scope, location, depth);
			}
			else {
				return mapping((MappingNode) node, scope, location, depth, keepComments);
			}
			copyComments(node, out, scope, depth, keepComments);
			return out;
		}

		private Node sequence(SequenceNode sequence, Scope scope, String location, int depth) {
			List<Node> items = new ArrayList<>();
			List<Node> source = sequence.getValue();
			for (int i = 0; i < source.size(); i++) {
				Node item = source.get(i);
				String itemLocation = location + "[" + i + "]";
				String each = item instanceof MappingNode mapping ? directive(mapping, EACH) : null;
				if (each == null) {
					Node rendered = node(item, scope, itemLocation, depth + 1, true);
					if (rendered != null) {
						items.add(rendered);
					}
					continue;
				}
				String as = directive((MappingNode) item, AS);
				Object list = scope.lookup(each);
				if (list == Scope.MISSING || list == null) {
					continue;
				}
				if (!(list instanceof List<?> elements)) {
					throw fail("$each needs a list, but " + each + " is a " + kind(list), itemLocation, each);
				}
				boolean first = true;
				for (Object element : elements) {
					Node rendered = node(item, scope.bind(as == null ? "item" : as, element), itemLocation, depth + 1,
							first);
					if (rendered != null) {
						items.add(rendered);
						first = false;
					}
				}
			}
			return new SequenceNode(Tag.SEQ, items, items.isEmpty() ? FlowStyle.FLOW : sequence.getFlowStyle());
		}

		private Node mapping(MappingNode mapping, Scope scope, String location, int depth, boolean keepComments) {
			String when = directive(mapping, WHEN);
			boolean holds = when == null || this.conditions.get(when).test(scope);
			Node valueNode = directiveNode(mapping, holds ? VALUE : ELSE);
			if (directiveNode(mapping, VALUE) != null) {
				if (valueNode == null) {
					return null;
				}
				Node out = node(valueNode, scope, join(location, holds ? VALUE : ELSE), depth, keepComments);
				if (out != null && keepComments) {
					List<CommentLine> leading = leadingDirectiveComments(mapping, scope, depth);
					if (!leading.isEmpty()) {
						out.setBlockComments(concat(leading, out.getBlockComments()));
					}
				}
				return out;
			}
			if (!holds) {
				return null;
			}
			List<NodeTuple> tuples = new ArrayList<>();
			List<CommentLine> pending = new ArrayList<>();
			for (NodeTuple tuple : mapping.getValue()) {
				ScalarNode key = (ScalarNode) tuple.getKeyNode();
				String text = key.getValue();
				if (isDirective(text)) {
					// A comment written above a directive describes the entry, so it moves to the next key.
					if (keepComments && key.getBlockComments() != null) {
						pending.addAll(comments(key.getBlockComments(), scope, depth));
					}
					continue;
				}
				String keyLocation = join(location, text);
				Node value = node(tuple.getValueNode(), scope, keyLocation, depth + 1, true);
				if (value == null) {
					continue;
				}
				ScalarNode outKey = new ScalarNode(key.getTag(), text.startsWith("$$") ? text.substring(1) : text,
						null, null, key.getScalarStyle());
				copyComments(key, outKey, scope, depth, keepComments || !tuples.isEmpty());
				if (!pending.isEmpty()) {
					outKey.setBlockComments(concat(pending, outKey.getBlockComments()));
					pending = new ArrayList<>();
				}
				tuples.add(new NodeTuple(outKey, value));
			}
			MappingNode out = new MappingNode(Tag.MAP, tuples,
					tuples.isEmpty() ? FlowStyle.FLOW : mapping.getFlowStyle());
			copyComments(mapping, out, scope, depth, keepComments);
			return out;
		}

		private List<CommentLine> leadingDirectiveComments(MappingNode mapping, Scope scope, int depth) {
			List<CommentLine> leading = new ArrayList<>();
			for (NodeTuple tuple : mapping.getValue()) {
				if (tuple.getKeyNode().getBlockComments() != null) {
					leading.addAll(comments(tuple.getKeyNode().getBlockComments(), scope, depth));
				}
			}
			return leading;
		}

		private Node scalar(ScalarNode scalar, Scope scope, String location) {
			String text = scalar.getValue();
			List<Part> parts = this.scalars.get(scalar);
			if (Placeholders.isPlainText(parts, text)) {
				return new ScalarNode(scalar.getTag(), text, null, null, scalar.getScalarStyle());
			}
			if (parts.size() == 1 && parts.get(0) instanceof Ref ref) {
				Object value = resolve(ref.path(), scope, location);
				if (scalar.getScalarStyle() == ScalarStyle.PLAIN) {
					// An unquoted placeholder takes the value's own type: a port stays a number.
					return valueNode(value, location, ref.path());
				}
				if (!Scope.isScalar(value)) {
					throw fail("${" + ref.path() + "} is a " + kind(value) + "; a quoted scalar needs text",
							location, ref.path());
				}
				return stringNode(Scope.text(value), scalar.getScalarStyle());
			}
			StringBuilder out = new StringBuilder();
			for (Part part : parts) {
				if (part instanceof Literal literal) {
					out.append(literal.text());
				}
				else {
					Ref ref = (Ref) part;
					Object value = resolve(ref.path(), scope, location);
					if (!Scope.isScalar(value)) {
						throw fail("${" + ref.path() + "} is a " + kind(value) + " and cannot be part of a text",
								location, ref.path());
					}
					out.append(Scope.text(value));
				}
			}
			return stringNode(out.toString(), scalar.getScalarStyle());
		}

		private Object resolve(String path, Scope scope, String location) {
			Object value = scope.lookup(path);
			if (value == Scope.MISSING) {
				throw fail("unknown placeholder ${" + path + "}: the values have nothing at " + path, location, path);
			}
			if (value == null) {
				throw fail("placeholder ${" + path + "} has no value (null)", location, path);
			}
			return value;
		}

		/** A node for a value of any allowed type; strings get a plain style the emitter quotes as needed. */
		private Node valueNode(Object value, String location, String field) {
			if (value instanceof String text) {
				return stringNode(text, ScalarStyle.PLAIN);
			}
			if (value instanceof Boolean bool) {
				return new ScalarNode(Tag.BOOL, bool.toString(), null, null, ScalarStyle.PLAIN);
			}
			if (Scope.isIntegral(value)) {
				return new ScalarNode(Tag.INT, value.toString(), null, null, ScalarStyle.PLAIN);
			}
			if (Scope.isNumber(value)) {
				double number = ((Number) value).doubleValue();
				String text = Double.isNaN(number) ? ".nan"
						: Double.isInfinite(number) ? (number > 0 ? ".inf" : "-.inf") : Scope.text(value);
				return new ScalarNode(Tag.FLOAT, text, null, null, ScalarStyle.PLAIN);
			}
			if (value == null) {
				return new ScalarNode(Tag.NULL, "null", null, null, ScalarStyle.PLAIN);
			}
			if (value instanceof Map<?, ?> map) {
				List<NodeTuple> tuples = new ArrayList<>();
				for (Map.Entry<?, ?> entry : map.entrySet()) {
					tuples.add(new NodeTuple(stringNode((String) entry.getKey(), ScalarStyle.PLAIN),
							valueNode(entry.getValue(), location, field + "." + entry.getKey())));
				}
				return new MappingNode(Tag.MAP, tuples, tuples.isEmpty() ? FlowStyle.FLOW : FlowStyle.BLOCK);
			}
			if (value instanceof List<?> list) {
				List<Node> items = new ArrayList<>();
				for (Object element : list) {
					items.add(valueNode(element, location, field));
				}
				return new SequenceNode(Tag.SEQ, items, items.isEmpty() ? FlowStyle.FLOW : FlowStyle.BLOCK);
			}
			throw fail("unsupported value type " + value.getClass().getSimpleName(), location, field);
		}

		private void copyComments(Node from, Node to, Scope scope, int depth, boolean keepBlock) {
			if (keepBlock && from.getBlockComments() != null) {
				to.setBlockComments(comments(from.getBlockComments(), scope, depth));
			}
			if (from.getInLineComments() != null) {
				to.setInLineComments(comments(from.getInLineComments(), scope, depth));
			}
			if (from.getEndComments() != null) {
				to.setEndComments(comments(from.getEndComments(), scope, depth));
			}
		}

		/**
		 * Comment lines with {@code ${pack.*}} filled in. Blank lines survive only between top-level keys:
		 * deeper down SnakeYAML's emitter indents them, leaving trailing spaces that yamllint refuses.
		 */
		private List<CommentLine> comments(List<CommentLine> lines, Scope scope, int depth) {
			List<CommentLine> out = new ArrayList<>(lines.size());
			for (CommentLine line : lines) {
				if (line.getCommentType() == CommentType.BLANK_LINE) {
					if (depth == 0) {
						out.add(line);
					}
					continue;
				}
				String text = line.getValue();
				List<Part> parts = Placeholders.parse(text);
				if (!Placeholders.isPlainText(parts, text)) {
					StringBuilder filled = new StringBuilder();
					for (Part part : parts) {
						filled.append(part instanceof Literal literal ? literal.text()
								: Scope.text(scope.lookup(((Ref) part).path())));
					}
					text = filled.toString();
				}
				out.add(new CommentLine(null, null, text, line.getCommentType()));
			}
			return out;
		}

	}

	/**
	 * A string scalar in the template's style, except that text holding line breaks, control or
	 * format characters is always double-quoted: escapes spell such text out unambiguously for every
	 * YAML parser, where other styles would rely on line folding rules parsers disagree on.
	 */
	static ScalarNode stringNode(String text, ScalarStyle requested) {
		ScalarStyle style = needsEscapes(text) ? ScalarStyle.DOUBLE_QUOTED : requested;
		return new ScalarNode(Tag.STR, text, null, null, style);
	}

	private static boolean needsEscapes(String text) {
		for (int i = 0; i < text.length(); i++) {
			int c = text.codePointAt(i);
			int type = Character.getType(c);
			if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || type == Character.LINE_SEPARATOR
					|| type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT
					|| type == Character.SURROGATE || type == Character.UNASSIGNED) {
				return true;
			}
			if (Character.isSupplementaryCodePoint(c)) {
				i++;
			}
		}
		return false;
	}

	private static String directive(MappingNode mapping, String directive) {
		Node node = directiveNode(mapping, directive);
		return node instanceof ScalarNode scalar ? scalar.getValue().strip() : null;
	}

	private static Node directiveNode(MappingNode mapping, String directive) {
		for (NodeTuple tuple : mapping.getValue()) {
			if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals(directive)) {
				return tuple.getValueNode();
			}
		}
		return null;
	}

	private static List<CommentLine> concat(List<CommentLine> first, List<CommentLine> second) {
		List<CommentLine> all = new ArrayList<>(first);
		if (second != null) {
			all.addAll(second);
		}
		return Collections.unmodifiableList(all);
	}

	static String kind(Object value) {
		if (value instanceof Map) {
			return "map";
		}
		if (value instanceof List) {
			return "list";
		}
		if (value instanceof String) {
			return "text";
		}
		if (value instanceof Boolean) {
			return "boolean";
		}
		return value == null ? "null" : value instanceof Number ? "number" : value.getClass().getSimpleName();
	}

	/**
	 * SnakeYAML's YAML 1.1 resolver plus the plain spellings other Kubernetes parsers read as non-strings
	 * ({@code y}/{@code n} in go-yaml v2, {@code 0o17} in YAML 1.2), so such strings get quoted.
	 */
	private static final class KubernetesResolver extends Resolver {

		KubernetesResolver() {
			addImplicitResolver(Tag.BOOL, Pattern.compile("^(?:y|Y|n|N)$"), "yYnN");
			addImplicitResolver(Tag.INT, Pattern.compile("^[-+]?0o[0-7_]+$"), "-+0");
		}

	}

}
