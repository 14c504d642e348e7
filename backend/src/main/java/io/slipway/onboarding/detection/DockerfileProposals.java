package io.slipway.onboarding.detection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Proposes a Dockerfile per language from the plain-text templates in
 * {@code onboarding/dockerfiles/} (one per language and build tool, editable by a platform team):
 * multi-stage, running as a non-root user, with a {@code HEALTHCHECK} on the service's port and
 * health path, as the platform's services guide requires.
 * <p>
 * Templates hold {@code {{name}}} placeholders. Only values that cannot change the Dockerfile's
 * structure are substituted: the port (an integer 1–65535), the health path (matching
 * {@code /[A-Za-z0-9/._-]*}), and values from {@link BuildFacts} that are re-checked here against
 * equally strict patterns or chosen from fixed constants. None of them can contain a quote, a
 * space, a newline or a shell metacharacter.
 */
final class DockerfileProposals {

	/** The Go release a module without a {@code go} directive is built with. */
	static final String DEFAULT_GO_VERSION = "1.24";

	private static final Pattern HEALTH_PATH = Pattern.compile("/[A-Za-z0-9/._-]*");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z]+)}}");

	private static final Pattern RELATIVE_PATH = Pattern
		.compile("(?:\\./)?([A-Za-z0-9_-][A-Za-z0-9._-]*(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)*)");

	private static final Pattern GO_VERSION = Pattern.compile("\\d{1,2}\\.\\d{1,3}");

	private static final Pattern COMMAND_WORD = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._/-]*");

	private static final List<String> TEMPLATES = List.of("node", "go", "python-requirements", "python-pyproject",
			"php", "java-maven", "java-gradle");

	private final Map<String, String> templates;

	DockerfileProposals() {
		Map<String, String> loaded = new HashMap<>();
		for (String name : TEMPLATES) {
			loaded.put(name, load(name));
		}
		this.templates = Map.copyOf(loaded);
	}

	private static String load(String name) {
		String resource = "onboarding/dockerfiles/" + name + ".Dockerfile";
		try (InputStream in = DockerfileProposals.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("the Dockerfile template " + resource + " is missing from the classpath");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("error reading the Dockerfile template " + resource, ex);
		}
	}

	/**
	 * Whether a health path can go into a Dockerfile as it is.
	 */
	static boolean isValidHealthPath(String path) {
		return path.length() <= 200 && HEALTH_PATH.matcher(path).matches() && !path.contains("..");
	}

	/**
	 * The proposal for a detected language.
	 *
	 * @param markers the marker files found, which pick the build tool (Maven or Gradle,
	 * requirements.txt or pyproject.toml)
	 * @throws IllegalArgumentException for {@link Language#UNKNOWN}, a port outside 1–65535 or a
	 * health path that does not match {@code /[A-Za-z0-9/._-]*}
	 */
	String render(Language language, List<String> markers, BuildFacts facts, int port, String healthPath) {
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("the port must be between 1 and 65535, was " + port);
		}
		if (!isValidHealthPath(healthPath)) {
			throw new IllegalArgumentException("the health path must start with / and hold only letters, digits "
					+ "and / . _ - (no ..), was '" + healthPath + "'");
		}
		Map<String, String> values = new HashMap<>();
		values.put("port", Integer.toString(port));
		values.put("healthPath", healthPath);
		String template = switch (language) {
			case NODE_JS -> {
				values.put("installCommand", facts.nodeLockfile() ? "npm ci" : "npm install");
				values.put("command", execForm(facts.nodeCommand()));
				yield "node";
			}
			case GO -> {
				String version = facts.goVersion();
				values.put("goVersion",
						(version != null && GO_VERSION.matcher(version).matches()) ? version : DEFAULT_GO_VERSION);
				yield "go";
			}
			case PYTHON -> {
				String script = (facts.pythonScript() != null) ? relativePath(facts.pythonScript()) : null;
				values.put("script", (script != null) ? script : "main.py");
				yield markers.contains("requirements.txt") ? "python-requirements" : "python-pyproject";
			}
			case PHP -> {
				values.put("documentRoot", facts.phpPublicDirectory() ? "/var/www/html/public" : "/var/www/html");
				yield "php";
			}
			case JAVA -> markers.contains("pom.xml") ? "java-maven" : "java-gradle";
			case UNKNOWN -> throw new IllegalArgumentException("no Dockerfile is proposed for an unknown language");
		};
		return substitute(template, values);
	}

	/**
	 * The path without a leading {@code ./} when it is a plain relative path (no {@code ..}, no
	 * absolute path, only {@code [A-Za-z0-9._-]} segments), else absent.
	 */
	static @Nullable String relativePath(String candidate) {
		Matcher matcher = RELATIVE_PATH.matcher(candidate);
		if (!matcher.matches() || candidate.length() > 200) {
			return null;
		}
		String path = matcher.group(1);
		for (String segment : path.split("/")) {
			if (segment.equals("..") || segment.equals(".")) {
				return null;
			}
		}
		return path;
	}

	private static String execForm(List<String> command) {
		List<String> words = (!command.isEmpty() && command.stream().allMatch(DockerfileProposals::isCommandWord))
				? command : List.of("node", "index.js");
		return words.stream().map((word) -> "\"" + word + "\"").collect(Collectors.joining(", ", "[", "]"));
	}

	private static boolean isCommandWord(String word) {
		return word.length() <= 200 && COMMAND_WORD.matcher(word).matches() && !word.contains("..");
	}

	private String substitute(String name, Map<String, String> values) {
		String template = this.templates.get(name);
		Matcher placeholder = PLACEHOLDER.matcher(template);
		StringBuilder result = new StringBuilder();
		while (placeholder.find()) {
			@Nullable String value = values.get(placeholder.group(1));
			if (value == null) {
				throw new IllegalStateException(
						"the Dockerfile template " + name + " uses the unknown placeholder " + placeholder.group());
			}
			placeholder.appendReplacement(result, Matcher.quoteReplacement(value));
		}
		placeholder.appendTail(result);
		return result.toString();
	}

}
