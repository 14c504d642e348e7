package io.slipway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The launcher that {@code java -jar slipway.jar} becomes when the server JVM's layout is beside
 * the jar: an operator must not notice the second JVM (same output, same exit code, Ctrl-C and
 * SIGTERM still shut down gracefully, no server left behind when the launcher is killed), and
 * must be able to turn it off.
 */
class ServerLauncherTests {

	private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(30);

	private static final Pattern SERVER_PID = Pattern.compile("server pid (\\d+)");

	@TempDir
	Path work;

	@Test
	void serverOutputAndExitCodeComeThroughTheLauncher() throws Exception {
		Process launcher = launch("3");

		assertThat(launcher.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(launcher.exitValue()).isEqualTo(3);
		assertThat(output()).contains("server pid", "server writes to stderr");
	}

	@Test
	void stoppingTheLauncherStopsTheServerGracefully() throws Exception {
		Process launcher = launch();
		ProcessHandle server = awaitServer();

		launcher.destroy();

		assertThat(launcher.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		await().atMost(PROCESS_TIMEOUT).until(() -> !server.isAlive());
		assertThat(output()).contains("server stopped gracefully");
	}

	@Test
	void killedLauncherLeavesNoServerBehind() throws Exception {
		Process launcher = launch();
		ProcessHandle server = awaitServer();

		launcher.destroyForcibly();

		await().atMost(PROCESS_TIMEOUT).until(() -> !server.isAlive());
		assertThat(output()).contains("server stopped gracefully");
	}

	@Test
	void launcherIsOnUnlessTurnedOff() {
		assertThat(ServerLauncher.Mode.of((key) -> null, Map.of())).isEqualTo(ServerLauncher.Mode.AUTO);
		assertThat(ServerLauncher.Mode.of((key) -> "false", Map.of())).isEqualTo(ServerLauncher.Mode.OFF);
		assertThat(ServerLauncher.Mode.of((key) -> null, Map.of("SLIPWAY_LAUNCHER", "false")))
			.isEqualTo(ServerLauncher.Mode.OFF);
		assertThat(ServerLauncher.Mode.of((key) -> "auto", Map.of("SLIPWAY_LAUNCHER", "false")))
			.as("the system property wins over the environment")
			.isEqualTo(ServerLauncher.Mode.AUTO);
		assertThatIllegalArgumentException().isThrownBy(() -> ServerLauncher.Mode.of((key) -> "fast", Map.of()))
			.withMessageContaining("slipway.launcher")
			.withMessageContaining("fast");
	}

	@Test
	void rebuiltJarDoesNotRunTheOldLayout() throws IOException {
		Path jar = Files.writeString(this.work.resolve("slipway.jar"), "first build");
		ServerLayout layout = new ServerLayout(jar);
		assertThat(layout.directory()).isEqualTo(this.work.resolve("slipway-jvm"));
		assertThat(layout.isPreparedForJar()).as("nothing prepared yet").isFalse();
		Files.createDirectories(layout.applicationJar().getParent());
		Files.writeString(layout.applicationJar(), "extracted");
		layout.writeStamp();
		assertThat(layout.isPreparedForJar()).isTrue();

		Files.writeString(jar, "second build", StandardCharsets.UTF_8);
		Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 60_000));

		assertThat(layout.isPreparedForJar()).isFalse();
	}

	private Process launch(String... args) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(FakeLauncher.class.getName());
		command.addAll(List.of(args));
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.work.resolve("launcher.log").toFile())
			.start();
	}

	private ProcessHandle awaitServer() {
		Matcher[] match = new Matcher[1];
		await().atMost(PROCESS_TIMEOUT).until(() -> {
			match[0] = SERVER_PID.matcher(output());
			return match[0].find();
		});
		return ProcessHandle.of(Long.parseLong(match[0].group(1))).orElseThrow();
	}

	private String output() throws IOException {
		return Files.readString(this.work.resolve("launcher.log"));
	}

}
