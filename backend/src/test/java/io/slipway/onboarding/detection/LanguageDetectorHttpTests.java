package io.slipway.onboarding.detection;

import io.slipway.testsupport.GitHttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import io.slipway.onboarding.detection.DetectionFailedException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Detection over smart HTTP against {@code git http-backend}, as a public Git host serves a
 * repository, and against hosts that refuse connections or never answer.
 */
class LanguageDetectorHttpTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	@TempDir
	Path temp;

	private Path projects;

	private Path tempRoot;

	private GitHttpServer server;

	private LanguageDetector detector;

	@BeforeEach
	void setUp() {
		this.projects = this.temp.resolve("projects");
		this.tempRoot = this.temp.resolve("detections");
		this.server = GitHttpServer.startAnonymous(this.projects, this.temp.resolve("home"));
		this.detector = new LanguageDetector(DetectionProperties.of(TIMEOUT, DataSize.ofMegabytes(1), this.tempRoot));
	}

	@AfterEach
	void tearDown() {
		this.server.close();
		// a read cut short by the timeout ends on the blocking side a moment later
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(leftovers()).isEmpty());
	}

	@Test
	void detectsOverSmartHttp() {
		SourceRepository repository = SourceRepository.withFiles(this.projects.resolve("api.git"),
				Map.of("composer.json", "{\"require\": {\"php\": \"^8.3\"}}", "package.json", "{}", "README.md", "api"));
		String tip = repository.commit("main", Map.of("composer.json", "{}", "package.json", "{}"));

		StepVerifier.create(this.detector.detect(this.server.url("api.git")))
			.assertNext((detection) -> {
				assertThat(detection.language()).isEqualTo(Language.PHP);
				assertThat(detection.markers()).containsExactly("composer.json", "package.json");
				assertThat(detection.commit()).isEqualTo(tip);
				assertThat(detection.dockerfile()).contains("FROM composer:2 AS build").contains("USER www-data");
			})
			.expectComplete()
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void aRepositoryLargerThanTheLimitIsRefusedOverHttp() {
		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put("go.mod", "module x\n".getBytes());
		byte[] blob = new byte[4 * 1024 * 1024];
		new Random(1).nextBytes(blob);
		files.put("testdata/fixture.bin", blob);
		SourceRepository.create(this.projects.resolve("large.git"), "main").commitBytes("main", files);
		String url = this.server.url("large.git");

		StepVerifier.create(this.detector.detect(url))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOfSatisfying(DetectionFailedException.class,
					(ex) -> {
						assertThat(ex.reason()).isEqualTo(Reason.TOO_LARGE);
						assertThat(ex).hasMessageContaining(url).hasMessageContaining("larger than 1 MiB");
					}))
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void onlyTheTipIsFetchedOverHttp() {
		Map<String, byte[]> files = new LinkedHashMap<>();
		byte[] blob = new byte[4 * 1024 * 1024];
		new Random(2).nextBytes(blob);
		files.put("testdata/fixture.bin", blob);
		SourceRepository repository = SourceRepository.create(this.projects.resolve("history.git"), "main");
		repository.commitBytes("main", files);
		repository.commit("main", Map.of("requirements.txt", "flask\n"));

		StepVerifier.create(this.detector.detect(this.server.url("history.git")))
			.assertNext((detection) -> assertThat(detection.language()).isEqualTo(Language.PYTHON))
			.expectComplete()
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void aMissingRepositoryIsNotFound() {
		String url = this.server.url("missing.git");

		StepVerifier.create(this.detector.detect(url))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOfSatisfying(DetectionFailedException.class,
					(ex) -> {
						assertThat(ex.reason()).isEqualTo(Reason.NOT_FOUND);
						assertThat(ex).hasMessage("there is no Git repository at " + url);
					}))
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void aHostThatNeverAnswersFailsWithinTheTimeout() throws IOException {
		// the kernel accepts the connection into the backlog, but nobody ever answers
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			String url = "http://127.0.0.1:" + silent.getLocalPort() + "/org/api.git";
			long start = System.nanoTime();

			StepVerifier.create(this.detector.detect(url))
				.expectErrorSatisfies((error) -> assertThat(error)
					.isInstanceOfSatisfying(DetectionFailedException.class, (ex) -> {
						assertThat(ex.reason()).isEqualTo(Reason.TIMED_OUT);
						assertThat(ex).hasMessage("reading " + url + " took longer than 2s "
								+ "(slipway.onboarding.detection.timeout); the repository did not answer in time");
					}))
				.verify(Duration.ofSeconds(30));

			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusSeconds(2));
		}
	}

	@Test
	void aClosedPortIsUnreachable() throws IOException {
		int port;
		try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = closed.getLocalPort();
		}
		String url = "http://127.0.0.1:" + port + "/org/api.git";

		StepVerifier.create(this.detector.detect(url))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOfSatisfying(DetectionFailedException.class,
					(ex) -> {
						assertThat(ex.reason()).isEqualTo(Reason.UNREACHABLE);
						assertThat(ex).hasMessage("cannot reach " + url + ": connection refused");
					}))
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void redirectsAreFollowedOnlyWithoutAnAllowList() throws IOException {
		SourceRepository.withFiles(this.projects.resolve("moved.git"), Map.of("go.mod", "module x\n"));
		// the old address answers with a redirect to a host name the allow-list does not hold
		String target = this.server.url("moved.git").replace("127.0.0.1", "localhost");
		HttpServer redirecting = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
		redirecting.createContext("/", (exchange) -> {
			try (exchange) {
				String query = exchange.getRequestURI().getRawQuery();
				exchange.getResponseHeaders()
					.add("Location", target + exchange.getRequestURI().getRawPath().substring("/old.git".length())
							+ ((query != null) ? "?" + query : ""));
				exchange.sendResponseHeaders(301, -1);
			}
		});
		redirecting.start();
		try {
			String url = "http://127.0.0.1:" + redirecting.getAddress().getPort() + "/old.git";
			LanguageDetector restricted = new LanguageDetector(new DetectionProperties(TIMEOUT, DataSize.ofMegabytes(1),
					List.of("http"), List.of("127.0.0.1"), this.tempRoot));

			StepVerifier.create(this.detector.detect(url))
				.assertNext((detection) -> assertThat(detection.language()).isEqualTo(Language.GO))
				.expectComplete()
				.verify(Duration.ofSeconds(30));
			StepVerifier.create(restricted.detect(url))
				.expectErrorSatisfies((error) -> assertThat(error)
					.isInstanceOfSatisfying(DetectionFailedException.class, (ex) -> {
						assertThat(ex.reason()).isEqualTo(Reason.UNREACHABLE);
						assertThat(ex).hasMessage("cannot reach " + url + ": it redirects to another address, and "
								+ "redirects are not followed while slipway.onboarding.detection.allowed-hosts is set; "
								+ "enter the repository's current URL");
					}))
				.verify(Duration.ofSeconds(30));
		}
		finally {
			redirecting.stop(0);
		}
	}

	private Stream<Path> leftovers() throws IOException {
		if (!Files.exists(this.tempRoot)) {
			return Stream.empty();
		}
		try (Stream<Path> entries = Files.list(this.tempRoot)) {
			return entries.toList().stream();
		}
	}

}
