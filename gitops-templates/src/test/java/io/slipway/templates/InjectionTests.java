package io.slipway.templates;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Values shaped like YAML syntax must stay values. Every text field of the values tree gets a hostile
 * value; the rendered files, parsed back, must have exactly the documents, keys and list lengths of a
 * render with harmless values, and every scalar must read back as the template's text with the hostile
 * value in place of the harmless one.
 */
class InjectionTests {

	private static final TemplatePacks PACKS = TemplatePacks.builtIn();

	/** One value per character class that means something in YAML, in Kubernetes or to a parser. */
	static final List<String> HOSTILE = List.of("line1\nline2", "trailing newline\n", "\nleading newline",
			"crlf\r\nline", "---", "value\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: stolen", "...",
			"key: value", "a: b\nc: d", "# comment", "value # comment", "&anchor", "*alias", "{a: 1}", "[1, 2]", "{}",
			"[]", "- item", "? key", "| literal", "> folded", "!!binary aGk=", "!tag value", "<<: *x", "<<", "'single'",
			"\"double\"", "back\\slash", "%TAG ! tag:x", "@at", "`backtick`", "  leading spaces", "trailing spaces  ",
			" ", "\t tab", "true", "no", "on", "y", "N", "null", "~", "123", "0x1F", "0o17", "1e3", ".inf", "012",
			"1_000", "2024-01-01", "12:30:45", "=", "ünïcødé ✓ 日本語 🚀", "\u202Eright-to-left", "zero\u200Bwidth",
			"line\u2028separator", "next\u0085line", "\uFEFFbom", "ctl\u0001char", "${service.name}", "$${x}",
			"$each", "a".repeat(5000));

	private static final Yaml YAML = new Yaml(new SafeConstructor(new LoaderOptions()));

	static Stream<Arguments> corpus() {
		return Stream.of("goapps", "packages")
			.flatMap(pack -> HOSTILE.stream().map(value -> Arguments.of(pack, value)));
	}

	@ParameterizedTest(name = "{0}: value #{index} stays one scalar")
	@MethodSource("corpus")
	void hostileValuesRoundTripInEveryTextField(String pack, String hostile) {
		Map<String, Object> values = Fixtures.payments();
		// The Dockerfile proposal is text and refuses such values outright (see RenderingTests).
		((Map<?, ?>) values.get("service")).remove("language");
		Map<String, String> markers = new LinkedHashMap<>();
		Map<String, Object> marked = mark(values, "", markers);
		List<RenderedFile> baseline = PACKS.get(pack).render(marked);
		List<RenderedFile> attacked = PACKS.get(pack).render(substitute(marked, markers, hostile));

		assertThat(markers).hasSizeGreaterThan(40);
		assertThat(attacked).extracting(RenderedFile::path)
			.containsExactlyElementsOf(baseline.stream().map(RenderedFile::path).toList());
		for (int i = 0; i < baseline.size(); i++) {
			String path = baseline.get(i).path();
			List<Object> expected = parse(baseline.get(i));
			List<Object> actual = parse(attacked.get(i));
			assertThat(actual).as("documents in %s", path).hasSameSizeAs(expected);
			for (int d = 0; d < expected.size(); d++) {
				assertSameShape(expected.get(d), actual.get(d), markers, hostile, path + "#" + d);
			}
			assertThat(attacked.get(i).content().lines()).as("%s has no trailing whitespace", path)
				.noneMatch(line -> !line.isEmpty() && Character.isWhitespace(line.charAt(line.length() - 1)));
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void valuesThatBecomePathSegmentsAreRefusedUnlessTheyAreSafeSegments() {
		Pattern segment = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");
		List<String> unsafe = HOSTILE.stream().filter(value -> !segment.matcher(value).matches()).toList();
		assertThat(unsafe).hasSizeGreaterThan(40);
		for (String hostile : unsafe) {
			Map<String, Object> service = Fixtures.copy(Fixtures.payments());
			((Map<String, Object>) service.get("service")).put("name", hostile);
			assertThatExceptionOfType(RenderException.class).as("service.name %s", hostile)
				.isThrownBy(() -> PACKS.get("goapps").render(service))
				.satisfies(ex -> assertThat(ex.field()).contains("service.name"));

			Map<String, Object> environment = Fixtures.copy(Fixtures.payments());
			((Map<String, Object>) ((List<?>) environment.get("environments")).get(1)).put("name", hostile);
			assertThatExceptionOfType(RenderException.class).as("environments.1.name %s", hostile)
				.isThrownBy(() -> PACKS.get("goapps").render(environment))
				.satisfies(ex -> assertThat(ex.field()).contains("environments.1.name"));
		}
	}

	/**
	 * Replaces every text leaf (but the names that become paths, and the language the packages pack
	 * compares) with a unique marker, remembering which is which.
	 */
	@SuppressWarnings("unchecked")
	private static <T> T mark(T value, String path, Map<String, String> markers) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> out = new LinkedHashMap<>();
			map.forEach((key, item) -> out.put((String) key, mark(item, path.isEmpty() ? (String) key : path + "." + key,
					markers)));
			return (T) out;
		}
		if (value instanceof List<?> list) {
			List<Object> out = new ArrayList<>();
			for (int i = 0; i < list.size(); i++) {
				out.add(mark(list.get(i), path + "[" + i + "]", markers));
			}
			return (T) out;
		}
		if (value instanceof String && !path.equals("service.name") && !path.matches("environments\\[\\d+]\\.name")) {
			String marker = "zqmark" + markers.size() + "q";
			markers.put(marker, path);
			return (T) marker;
		}
		return value;
	}

	@SuppressWarnings("unchecked")
	private static <T> T substitute(T value, Map<String, String> markers, String hostile) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> out = new LinkedHashMap<>();
			map.forEach((key, item) -> out.put((String) key, substitute(item, markers, hostile)));
			return (T) out;
		}
		if (value instanceof List<?> list) {
			return (T) list.stream().map(item -> substitute(item, markers, hostile)).toList();
		}
		return value instanceof String text && markers.containsKey(text) ? (T) hostile : value;
	}

	private static List<Object> parse(RenderedFile file) {
		List<Object> documents = new ArrayList<>();
		if (file.path().endsWith(".yaml")) {
			YAML.loadAll(file.content()).forEach(documents::add);
		}
		else {
			documents.add(file.content());
		}
		return documents;
	}

	private static final Pattern MARKER = Pattern.compile("zqmark\\d+q");

	private static void assertSameShape(Object expected, Object actual, Map<String, String> markers, String hostile,
			String where) {
		if (expected instanceof Map<?, ?> expectedMap) {
			assertThat(actual).as(where).isInstanceOf(Map.class);
			Map<?, ?> actualMap = (Map<?, ?>) actual;
			List<Object> actualKeys = List.copyOf(actualMap.keySet());
			List<Object> expectedKeys = List.copyOf(expectedMap.keySet());
			assertThat(actualKeys).as("keys at %s", where).containsExactlyElementsOf(expectedKeys);
			expectedMap.forEach((key, item) -> assertSameShape(item, actualMap.get(key), markers, hostile,
					where + "." + key));
		}
		else if (expected instanceof List<?> expectedList) {
			assertThat(actual).as(where).isInstanceOf(List.class);
			List<?> actualList = (List<?>) actual;
			assertThat(actualList).as("items at %s", where).hasSameSizeAs(expectedList);
			for (int i = 0; i < expectedList.size(); i++) {
				assertSameShape(expectedList.get(i), actualList.get(i), markers, hostile, where + "[" + i + "]");
			}
		}
		else if (expected instanceof String text) {
			Matcher matcher = MARKER.matcher(text);
			String replaced = matcher.replaceAll(match -> Matcher.quoteReplacement(hostile));
			assertThat(actual).as("value at %s", where).isEqualTo(replaced);
		}
		else {
			assertThat(actual).as("value at %s", where).isEqualTo(expected);
		}
	}

}
