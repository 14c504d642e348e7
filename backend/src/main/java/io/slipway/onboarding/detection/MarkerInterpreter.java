package io.slipway.onboarding.detection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the root of a repository into a {@link Detection}: the first marker in
 * {@link Marker precedence order} decides the language, and the few files whose contents matter
 * ({@code package.json}, {@code go.mod}) are read for {@link BuildFacts}.
 */
final class MarkerInterpreter {

	/** The files whose contents are read, not only their presence. */
	static final Set<String> FILES_TO_READ = Set.of("package.json", "go.mod");

	private static final Pattern NODE_START = Pattern.compile("node\\s+(\\S+)");

	// "go 1.22", "go 1.22.5", "go 1.23rc1", optionally followed by a comment
	private static final Pattern GO_DIRECTIVE = Pattern
		.compile("(?m)^\\s*go\\s+(\\d{1,2})\\.(\\d{1,3})[.\\w]*\\s*(?://.*)?$");

	private static final List<String> PYTHON_SCRIPTS = List.of("main.py", "app.py", "server.py");

	private static final String PRECEDENCE = Arrays.stream(Language.values())
		.filter((language) -> language != Language.UNKNOWN)
		.map(Language::displayName)
		.collect(Collectors.joining(", "));

	private final JsonMapper json = JsonMapper.builder().build();

	private final DockerfileProposals dockerfiles;

	MarkerInterpreter(DockerfileProposals dockerfiles) {
		this.dockerfiles = dockerfiles;
	}

	Detection interpret(RepositorySnapshot snapshot, RepositoryUrl url) {
		if (snapshot.commit() == null) {
			return unknown(snapshot, "The repository at " + url.display()
					+ " has no commits on its default branch yet, so there are no files to detect a language from.");
		}
		List<Marker> markers = Marker.foundIn(snapshot.files());
		if (markers.isEmpty()) {
			return unknown(snapshot, "No marker file at the root of " + url.display() + " (looked for "
					+ Arrays.stream(Marker.values()).map(Marker::fileName).collect(Collectors.joining(", "))
					+ "), so the language is unknown; choose the port and write the Dockerfile yourself.");
		}
		Language language = markers.get(0).language();
		List<String> notes = new ArrayList<>();
		BuildFacts facts = switch (language) {
			case NODE_JS -> nodeFacts(snapshot, notes);
			case GO -> goFacts(snapshot, notes);
			case PYTHON -> new BuildFacts(List.of(), false, null, pythonScript(snapshot), false);
			case PHP -> new BuildFacts(List.of(), false, null, null, snapshot.directories().contains("public"));
			default -> BuildFacts.NONE;
		};
		List<String> names = markers.stream().map(Marker::fileName).toList();
		int port = language.defaultPort();
		String dockerfile = this.dockerfiles.render(language, names, facts, port, Detection.DEFAULT_HEALTH_PATH);
		StringBuilder message = new StringBuilder("Detected ").append(language.displayName())
			.append(" from ")
			.append(names.get(0))
			.append('.');
		List<String> others = markers.stream()
			.filter((marker) -> marker.language() != language)
			.map(Marker::fileName)
			.toList();
		if (!others.isEmpty()) {
			message.append(" Also found ")
				.append(String.join(", ", others))
				.append("; when markers of several languages exist, the first in the order ")
				.append(PRECEDENCE)
				.append(" decides.");
		}
		notes.forEach((note) -> message.append(' ').append(note));
		return new Detection(language, names, port, Detection.DEFAULT_HEALTH_PATH, Detection.DEFAULT_READY_PATH,
				dockerfile, message.toString(), snapshot.commit(), facts);
	}

	private static Detection unknown(RepositorySnapshot snapshot, String message) {
		return new Detection(Language.UNKNOWN, List.of(), Language.UNKNOWN.defaultPort(), Detection.DEFAULT_HEALTH_PATH,
				Detection.DEFAULT_READY_PATH, null, message, snapshot.commit(), BuildFacts.NONE);
	}

	private BuildFacts nodeFacts(RepositorySnapshot snapshot, List<String> notes) {
		boolean lockfile = snapshot.files().contains("package-lock.json")
				|| snapshot.files().contains("npm-shrinkwrap.json");
		@Nullable String start = null;
		@Nullable String main = null;
		byte[] content = snapshot.contents().get("package.json");
		if (content == null) {
			notes.add("package.json is too large to read, so the Dockerfile starts the service with npm start.");
			return new BuildFacts(List.of("npm", "start"), lockfile, null, null, false);
		}
		try {
			JsonNode root = this.json.readTree(new String(content, StandardCharsets.UTF_8));
			start = text(root.path("scripts").path("start"));
			main = text(root.path("main"));
		}
		catch (JacksonException ex) {
			notes.add("package.json is not valid JSON, so the Dockerfile starts the service with npm start.");
			return new BuildFacts(List.of("npm", "start"), lockfile, null, null, false);
		}
		return new BuildFacts(nodeCommand(start, main, snapshot.files()), lockfile, null, null, false);
	}

	// how the service starts, preferring node itself as PID 1 so SIGTERM reaches the service
	private static List<String> nodeCommand(@Nullable String start, @Nullable String main, Set<String> files) {
		if (start != null) {
			Matcher node = NODE_START.matcher(start.strip());
			String script = node.matches() ? DockerfileProposals.relativePath(node.group(1)) : null;
			return (script != null) ? List.of("node", script) : List.of("npm", "start");
		}
		String entry = (main != null) ? DockerfileProposals.relativePath(main) : null;
		if (entry != null) {
			return List.of("node", entry);
		}
		// npm's own default: "node server.js" when there is one, else the package's index.js
		return List.of("node", files.contains("server.js") ? "server.js" : "index.js");
	}

	private static BuildFacts goFacts(RepositorySnapshot snapshot, List<String> notes) {
		byte[] content = snapshot.contents().get("go.mod");
		String version = null;
		if (content != null) {
			Matcher directive = GO_DIRECTIVE.matcher(new String(content, StandardCharsets.UTF_8));
			if (directive.find()) {
				version = directive.group(1) + "." + directive.group(2);
			}
		}
		if (version == null) {
			notes.add("go.mod names no Go version, so the Dockerfile builds with Go "
					+ DockerfileProposals.DEFAULT_GO_VERSION + ".");
		}
		return new BuildFacts(List.of(), false, version, null, false);
	}

	private static @Nullable String pythonScript(RepositorySnapshot snapshot) {
		return PYTHON_SCRIPTS.stream().filter(snapshot.files()::contains).findFirst().orElse(null);
	}

	private static @Nullable String text(JsonNode node) {
		return (node.isString() && !node.asString().isBlank()) ? node.asString() : null;
	}

}
