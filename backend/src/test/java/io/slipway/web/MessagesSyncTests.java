package io.slipway.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.attoparser.AbstractMarkupHandler;
import org.attoparser.MarkupParser;
import org.attoparser.ParseException;
import org.attoparser.config.ParseConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps every word a user reads in messages.properties: no literal text in templates, and no
 * {@code #{key}} that the bundle lacks (Thymeleaf would render {@code ??key_en??}). Templates are
 * parsed with AttoParser, the parser Thymeleaf itself uses, so the test sees what Thymeleaf sees.
 */
class MessagesSyncTests {

	private static final String MESSAGES = "messages/messages.properties";

	/** Literal texts allowed in templates. Keep short: each entry is untranslatable text. */
	private static final Set<String> ALLOWED_LITERALS = Set.of();

	/** Attributes people read (tooltips, screen readers, placeholders). */
	private static final Set<String> READABLE_ATTRIBUTES = Set.of("title", "alt", "placeholder", "aria-label",
			"aria-description", "label");

	/**
	 * Attributes that replace an element's body, so its prototype text never renders. Not
	 * th:replace: a page's {@code <html th:replace=...>} still renders the {@code <main>} it passes
	 * to the layout, so text under th:replace is checked (placeholders are written empty).
	 */
	private static final Set<String> BODY_REPLACING = Set.of("th:text", "th:utext", "data-th-text", "data-th-utext");

	private static final Pattern MESSAGE_KEY = Pattern.compile("#\\{([^}(]+)");

	private static final Pattern LETTER = Pattern.compile("\\p{L}");

	@Test
	void templatesHaveNoLiteralText() throws Exception {
		List<String> literals = new ArrayList<>();
		for (Resource template : templates()) {
			literals.addAll(literalTexts(name(template), read(template)));
		}
		assertThat(literals).as("literal UI text in templates; move it to %s and use #{...}", MESSAGES).isEmpty();
	}

	@Test
	void everyMessageKeyUsedInTemplatesExists() throws Exception {
		Properties messages = messages();
		Set<String> missing = new TreeSet<>();
		for (Resource template : templates()) {
			Matcher matcher = MESSAGE_KEY.matcher(read(template));
			while (matcher.find()) {
				String key = matcher.group(1).strip();
				// a key computed at render time (#{${...}}) cannot be checked here
				if (!key.startsWith("$") && !messages.containsKey(key)) {
					missing.add(name(template) + ": " + key);
				}
			}
		}
		assertThat(missing).as("message keys used in templates but missing from %s", MESSAGES).isEmpty();
	}

	@Test
	void messageKeysAreDefinedOnce() throws IOException {
		// Several modules append to the bundle; a duplicate silently wins over the first definition.
		Set<String> seen = new HashSet<>();
		Set<String> duplicates = new TreeSet<>();
		boolean continued = false;
		for (String line : new PathMatchingResourcePatternResolver().getResource("classpath:" + MESSAGES)
			.getContentAsString(StandardCharsets.UTF_8)
			.split("\\R")) {
			String trimmed = line.strip();
			boolean continuation = continued;
			continued = trimmed.endsWith("\\");
			if (continuation || trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
				continue;
			}
			String key = trimmed.split("\\s*[=:]", 2)[0];
			if (!seen.add(key)) {
				duplicates.add(key);
			}
		}
		assertThat(duplicates).as("keys defined more than once in %s", MESSAGES).isEmpty();
	}

	@Test
	void literalTextCheckFindsTextThymeleafWouldRender() throws ParseException {
		String markup = """
				<main>
				  <h1 th:text="#{page.heading}">Prototype heading</h1>
				  <p>Hard-coded sentence</p>
				  <input placeholder="Type here" name="q">
				  <button th:title="#{page.tip}" title="Prototype tip">&rarr;</button>
				  <th:block th:replace="~{fragments/status :: badge('ok', #{status})}">Prototype badge</th:block>
				  <div th:remove="all">Removed before rendering</div>
				  <script>const text = "not UI text";</script>
				  <span>· | 42</span>
				</main>
				""";

		assertThat(literalTexts("snippet.html", markup)).containsExactly("snippet.html:3 text \"Hard-coded sentence\"",
				"snippet.html:4 placeholder attribute \"Type here\"", "snippet.html:6 text \"Prototype badge\"");
	}

	private static List<String> literalTexts(String name, String markup) throws ParseException {
		LiteralTextFinder finder = new LiteralTextFinder(name);
		new MarkupParser(ParseConfiguration.htmlConfiguration()).parse(markup, finder);
		return finder.literals;
	}

	private static String name(Resource template) throws IOException {
		String url = template.getURL().toString();
		int templates = url.lastIndexOf("templates/");
		return (templates >= 0) ? url.substring(templates) : url;
	}

	private static Resource[] templates() throws IOException {
		Resource[] templates = new PathMatchingResourcePatternResolver().getResources("classpath*:templates/**/*.html");
		assertThat(templates).as("templates on the classpath").isNotEmpty();
		return templates;
	}

	private static Properties messages() throws IOException {
		Properties messages = new Properties();
		try (InputStream in = new PathMatchingResourcePatternResolver().getResource("classpath:" + MESSAGES)
			.getInputStream()) {
			messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return messages;
	}

	private static String read(Resource resource) throws IOException {
		return resource.getContentAsString(StandardCharsets.UTF_8);
	}

	/**
	 * Collects text nodes and readable attributes that would reach the browser as written.
	 */
	private static final class LiteralTextFinder extends AbstractMarkupHandler {

		private static final Set<String> RAW_TEXT_ELEMENTS = Set.of("script", "style");

		private final String template;

		private final List<String> literals = new ArrayList<>();

		/** One entry per open element: does it (or an ancestor) hide its body from the output? */
		private final Deque<Boolean> hidden = new ArrayDeque<>();

		private String element = "";

		private final Set<String> attributes = new HashSet<>();

		private boolean removesBody;

		private final List<String[]> readableAttributes = new ArrayList<>();

		LiteralTextFinder(String template) {
			this.template = template;
		}

		@Override
		public void handleOpenElementStart(char[] buffer, int nameOffset, int nameLen, int line, int col) {
			startElement(buffer, nameOffset, nameLen);
		}

		@Override
		public void handleOpenElementEnd(char[] buffer, int nameOffset, int nameLen, int line, int col) {
			boolean parentHidden = !this.hidden.isEmpty() && this.hidden.peek();
			boolean hides = RAW_TEXT_ELEMENTS.contains(this.element)
					|| this.attributes.stream().anyMatch(BODY_REPLACING::contains) || this.removesBody;
			checkAttributes(line, parentHidden);
			this.hidden.push(parentHidden || hides);
		}

		@Override
		public void handleStandaloneElementStart(char[] buffer, int nameOffset, int nameLen, boolean minimized,
				int line, int col) {
			startElement(buffer, nameOffset, nameLen);
		}

		@Override
		public void handleStandaloneElementEnd(char[] buffer, int nameOffset, int nameLen, boolean minimized,
				int line, int col) {
			checkAttributes(line, !this.hidden.isEmpty() && this.hidden.peek());
		}

		@Override
		public void handleCloseElementEnd(char[] buffer, int nameOffset, int nameLen, int line, int col) {
			this.hidden.poll();
		}

		@Override
		public void handleAutoCloseElementEnd(char[] buffer, int nameOffset, int nameLen, int line, int col) {
			this.hidden.poll();
		}

		@Override
		public void handleAttribute(char[] buffer, int nameOffset, int nameLen, int nameLine, int nameCol,
				int operatorOffset, int operatorLen, int operatorLine, int operatorCol, int valueContentOffset,
				int valueContentLen, int valueOuterOffset, int valueOuterLen, int valueLine, int valueCol) {
			String name = new String(buffer, nameOffset, nameLen).toLowerCase(Locale.ROOT);
			this.attributes.add(name);
			if (name.equals("th:remove")) {
				String value = new String(buffer, valueContentOffset, valueContentLen).strip();
				this.removesBody = value.equals("all") || value.equals("body");
			}
			if (READABLE_ATTRIBUTES.contains(name)) {
				this.readableAttributes
					.add(new String[] { name, new String(buffer, valueContentOffset, valueContentLen), "" + nameLine });
			}
		}

		@Override
		public void handleText(char[] buffer, int offset, int len, int line, int col) throws ParseException {
			if (!this.hidden.isEmpty() && this.hidden.peek()) {
				return;
			}
			report(HtmlUtils.htmlUnescape(new String(buffer, offset, len)).strip(), line, "text");
		}

		private void startElement(char[] buffer, int nameOffset, int nameLen) {
			this.element = new String(buffer, nameOffset, nameLen).toLowerCase(Locale.ROOT);
			this.attributes.clear();
			this.readableAttributes.clear();
			this.removesBody = false;
		}

		private void checkAttributes(int line, boolean hidden) {
			if (hidden) {
				return;
			}
			for (String[] attribute : this.readableAttributes) {
				// th:title and friends win over the literal, which is then only a prototype value
				if (!this.attributes.contains("th:" + attribute[0])) {
					report(attribute[1], Integer.parseInt(attribute[2]), attribute[0] + " attribute");
				}
			}
		}

		private void report(String text, int line, String where) {
			if (LETTER.matcher(text).find() && !ALLOWED_LITERALS.contains(text)) {
				this.literals.add(this.template + ":" + line + " " + where + " \"" + text + "\"");
			}
		}

	}

}
