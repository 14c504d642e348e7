package io.slipway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real git command line, as another writer of the infra repository would use it. Hermetic:
 * its own HOME, no system config, identity given with {@code -c}.
 */
public final class GitCommandLine {

	private final Path home;

	public GitCommandLine(Path home) {
		this.home = home;
		try {
			Files.createDirectories(home);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Runs git and returns its output; fails the test when git fails.
	 */
	public String run(Path workingDirectory, String... arguments) {
		Result result = tryRun(workingDirectory, arguments);
		if (result.exitCode() != 0) {
			throw new AssertionError("git " + String.join(" ", arguments) + " failed (" + result.exitCode() + "):\n"
					+ result.output());
		}
		return result.output();
	}

	public Result tryRun(Path workingDirectory, String... arguments) {
		List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=External Writer", "-c",
				"user.email=external@example.com", "-c", "init.defaultBranch=main", "-c", "advice.detachedHead=false"));
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
			.redirectErrorStream(true);
		Map<String, String> environment = builder.environment();
		environment.keySet().removeIf((name) -> name.startsWith("GIT_"));
		environment.put("HOME", this.home.toString());
		environment.put("XDG_CONFIG_HOME", this.home.resolve(".config").toString());
		environment.put("GIT_CONFIG_NOSYSTEM", "1");
		environment.put("GIT_TERMINAL_PROMPT", "0");
		environment.put("LC_ALL", "C");
		try {
			Process process = builder.start();
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError("git " + String.join(" ", arguments) + " did not finish");
			}
			return new Result(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted", ex);
		}
	}

	public record Result(int exitCode, String output) {
	}

}
