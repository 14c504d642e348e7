package io.slipway.gitops;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads and replaces one scalar of a YAML document by key path, leaving every other byte of the
 * file as it was: comments, key order, indentation, quoting and blank lines. Files people edit by
 * hand (a kustomization's {@code images[].newTag}) must change on exactly one line, so the diff a
 * reviewer sees is the change and nothing else; re-serialising the document would lose comments
 * and reflow the file.
 * <p>
 * <b>Key paths.</b> Segments separated by dots: a mapping key ({@code spec}), a sequence index
 * ({@code containers[0]}) or a sequence item chosen by one of its keys
 * ({@code images[name=ghcr.io/acme/payments]}; the value runs to the closing bracket, so it may
 * contain dots and slashes). Example: {@code images[name=ghcr.io/acme/payments].newTag}. A
 * mapping key that itself holds dots is written in brackets and double quotes:
 * {@code labels[0].pairs["app.kubernetes.io/version"]}.
 * <p>
 * <b>How a value is written.</b> The new value replaces the old scalar's characters in place. A
 * single- or double-quoted scalar keeps its quotes; a plain scalar stays plain when the new value
 * reads back as the same string, and is quoted otherwise (so {@code 1.10} stays a string, not
 * the number 1.1). Block scalars ({@code |}, {@code >}) are refused: no key Slipway edits holds
 * one.
 * <p>
 * A path that does not lead to a scalar is an error ({@link YamlKeyPathException}), never a
 * silently added key: adding keys is how a typo turns into a manifest nobody meant.
 */
public final class YamlKeyPathEditor {

	private YamlKeyPathEditor() {
	}

	/**
	 * The value of the scalar at {@code keyPath}.
	 *
	 * @param yaml one YAML document
	 * @param keyPath e.g. {@code images[name=ghcr.io/acme/payments].newTag}
	 * @return the scalar's value, empty when the path leads nowhere (or not to a scalar)
	 * @throws YamlKeyPathException when the document cannot be parsed or the path is malformed
	 */
	public static Optional<String> get(String yaml, String keyPath) {
		List<Segment> segments = parse(keyPath);
		Node root = compose(yaml);
		try {
			Node found = resolve(root, segments, keyPath);
			return (found instanceof ScalarNode scalar) ? Optional.of(scalar.getValue()) : Optional.empty();
		}
		catch (YamlKeyPathException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The document with the scalar at {@code keyPath} set to {@code value}, everything else
	 * unchanged; the document itself when it already holds that value.
	 *
	 * @param yaml one YAML document
	 * @param keyPath e.g. {@code images[name=ghcr.io/acme/payments].newTag}
	 * @param value the new value (a one-line string)
	 * @return the edited document
	 * @throws YamlKeyPathException when the document cannot be parsed, the path is malformed,
	 * a segment is missing or the path does not end at a one-line scalar
	 */
	public static String set(String yaml, String keyPath, String value) {
		if (value.contains("\n") || value.contains("\r")) {
			throw new YamlKeyPathException("cannot set " + keyPath + " to a value with line breaks");
		}
		List<Segment> segments = parse(keyPath);
		Node root = compose(yaml);
		Node found = resolve(root, segments, keyPath);
		if (!(found instanceof ScalarNode scalar)) {
			throw new YamlKeyPathException(keyPath + " is not a scalar value");
		}
		if (scalar.getValue().equals(value) && scalar.getTag().getValue().endsWith(":str")) {
			return yaml;
		}
		String replacement = render(scalar.getScalarStyle(), value, keyPath);
		int[] codePoints = yaml.codePoints().toArray();
		int start = scalar.getStartMark().getIndex();
		int end = scalar.getEndMark().getIndex();
		StringBuilder edited = new StringBuilder(yaml.length() + replacement.length());
		edited.append(new String(codePoints, 0, start));
		edited.append(replacement);
		edited.append(new String(codePoints, end, codePoints.length - end));
		return edited.toString();
	}

	private static String render(DumperOptions.ScalarStyle style, String value, String keyPath) {
		return switch (style) {
			case DOUBLE_QUOTED -> dump(value, DumperOptions.ScalarStyle.DOUBLE_QUOTED);
			case SINGLE_QUOTED -> dump(value, DumperOptions.ScalarStyle.SINGLE_QUOTED);
			// the dumper picks plain when the value reads back as this string, quotes otherwise
			case PLAIN -> dump(value, DumperOptions.ScalarStyle.PLAIN);
			default -> throw new YamlKeyPathException(keyPath + " is a block scalar; only one-line values can be set");
		};
	}

	private static String dump(String value, DumperOptions.ScalarStyle style) {
		DumperOptions options = new DumperOptions();
		options.setDefaultScalarStyle(style);
		options.setWidth(Integer.MAX_VALUE);
		options.setSplitLines(false);
		String dumped = new Yaml(options).dump(value);
		// a document of one scalar: drop the trailing line break
		return dumped.endsWith("\n") ? dumped.substring(0, dumped.length() - 1) : dumped;
	}

	private static Node compose(String yaml) {
		LoaderOptions options = new LoaderOptions();
		options.setMaxAliasesForCollections(10);
		options.setCodePointLimit(1024 * 1024);
		options.setProcessComments(false);
		try {
			Node root = new Yaml(options).compose(new StringReader(yaml));
			if (root == null) {
				throw new YamlKeyPathException("the document is empty");
			}
			return root;
		}
		catch (YAMLException ex) {
			throw new YamlKeyPathException("not a valid YAML document: " + firstLine(ex.getMessage()), ex);
		}
	}

	private static String firstLine(@Nullable String message) {
		if (message == null) {
			return "parse error";
		}
		int newline = message.indexOf('\n');
		return (newline < 0) ? message : message.substring(0, newline);
	}

	private static Node resolve(Node root, List<Segment> segments, String keyPath) {
		Node current = root;
		StringBuilder walked = new StringBuilder();
		for (Segment segment : segments) {
			current = segment.select(current, walked.isEmpty() ? "the document" : walked.toString(), keyPath);
			walked.append(walked.isEmpty() ? "" : ".").append(segment);
		}
		return current;
	}

	static List<Segment> parse(String keyPath) {
		List<Segment> segments = new ArrayList<>();
		int i = 0;
		int length = keyPath.length();
		if (length == 0) {
			throw new YamlKeyPathException("an empty key path");
		}
		while (i < length) {
			int keyEnd = i;
			while (keyEnd < length && keyPath.charAt(keyEnd) != '.' && keyPath.charAt(keyEnd) != '[') {
				keyEnd++;
			}
			if (keyEnd > i) {
				segments.add(new Segment.Key(keyPath.substring(i, keyEnd)));
			}
			else if (keyEnd >= length || keyPath.charAt(keyEnd) != '[') {
				throw new YamlKeyPathException("malformed key path '" + keyPath + "': empty segment");
			}
			i = keyEnd;
			while (i < length && keyPath.charAt(i) == '[') {
				int close = keyPath.indexOf(']', i);
				if (close < 0) {
					throw new YamlKeyPathException("malformed key path '" + keyPath + "': missing ']'");
				}
				segments.add(selector(keyPath.substring(i + 1, close), keyPath));
				i = close + 1;
			}
			if (i < length) {
				if (keyPath.charAt(i) != '.') {
					throw new YamlKeyPathException("malformed key path '" + keyPath + "' at position " + i);
				}
				i++;
				if (i == length) {
					throw new YamlKeyPathException("malformed key path '" + keyPath + "': ends with '.'");
				}
			}
		}
		return segments;
	}

	private static Segment selector(String inside, String keyPath) {
		if (inside.length() >= 2 && inside.startsWith("\"") && inside.endsWith("\"")) {
			// a key with dots in it, as Kubernetes label keys have
			return new Segment.Key(inside.substring(1, inside.length() - 1));
		}
		int equals = inside.indexOf('=');
		if (equals > 0) {
			return new Segment.Match(inside.substring(0, equals), inside.substring(equals + 1));
		}
		try {
			int index = Integer.parseInt(inside);
			if (index < 0) {
				throw new NumberFormatException();
			}
			return new Segment.Index(index);
		}
		catch (NumberFormatException ex) {
			throw new YamlKeyPathException("malformed key path '" + keyPath + "': [" + inside
					+ "] is neither an index, key=value nor a \"quoted key\"");
		}
	}

	/** One step of a key path. */
	sealed interface Segment permits Segment.Key, Segment.Index, Segment.Match {

		Node select(Node node, String where, String keyPath);

		record Key(String key) implements Segment {

			@Override
			public Node select(Node node, String where, String keyPath) {
				if (!(node instanceof MappingNode mapping)) {
					throw new YamlKeyPathException(keyPath + ": " + where + " is not a mapping");
				}
				return valueOf(mapping, this.key)
					.orElseThrow(() -> new YamlKeyPathException(keyPath + ": " + where + " has no key '" + this.key + "'"));
			}

			@Override
			public String toString() {
				return this.key;
			}

		}

		record Index(int index) implements Segment {

			@Override
			public Node select(Node node, String where, String keyPath) {
				if (!(node instanceof SequenceNode sequence)) {
					throw new YamlKeyPathException(keyPath + ": " + where + " is not a list");
				}
				if (this.index >= sequence.getValue().size()) {
					throw new YamlKeyPathException(keyPath + ": " + where + " has no item " + this.index);
				}
				return sequence.getValue().get(this.index);
			}

			@Override
			public String toString() {
				return "[" + this.index + "]";
			}

		}

		record Match(String key, String value) implements Segment {

			@Override
			public Node select(Node node, String where, String keyPath) {
				if (!(node instanceof SequenceNode sequence)) {
					throw new YamlKeyPathException(keyPath + ": " + where + " is not a list");
				}
				List<Node> matches = sequence.getValue()
					.stream()
					.filter((item) -> item instanceof MappingNode mapping && valueOf(mapping, this.key)
						.filter((found) -> found instanceof ScalarNode scalar && scalar.getValue().equals(this.value))
						.isPresent())
					.toList();
				if (matches.isEmpty()) {
					throw new YamlKeyPathException(keyPath + ": " + where + " has no item with " + this.key + "="
							+ this.value);
				}
				if (matches.size() > 1) {
					throw new YamlKeyPathException(keyPath + ": " + where + " has " + matches.size() + " items with "
							+ this.key + "=" + this.value);
				}
				return matches.get(0);
			}

			@Override
			public String toString() {
				return "[" + this.key + "=" + this.value + "]";
			}

		}

		private static Optional<Node> valueOf(MappingNode mapping, String key) {
			for (NodeTuple tuple : mapping.getValue()) {
				if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
					return Optional.of(tuple.getValueNode());
				}
			}
			return Optional.empty();
		}

	}

}
