package io.slipway;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs the server in a second JVM that carries start-up flags a plain {@code java -jar} cannot
 * (docs/adr/0002-launcher-jvm-with-class-data-sharing.md): the jar's own JVM starts the server
 * JVM on the extracted layout with its class data sharing archive ({@link ServerLayout}), shares
 * its standard streams, passes on its exit code and stops it when it is stopped itself. The
 * server JVM exits when the launcher dies, so a killed launcher leaves no server behind.
 */
final class ServerLauncher {

	/** System property (or environment variable {@link #MODE_ENV}) choosing the {@link Mode}. */
	static final String MODE = "slipway.launcher";

	static final String MODE_ENV = "SLIPWAY_LAUNCHER";

	/** Set on the server JVM: the launcher's process id, whose exit ends the server. */
	static final String PARENT_PID = "slipway.launcher.parent-pid";

	/** The exit code of a server JVM whose launcher disappeared without stopping it. */
	static final int PARENT_GONE = 143;

	// The server's graceful shutdown (spring.lifecycle.timeout-per-shutdown-phase) must fit in
	// here; a server that takes longer is stopped forcibly so the launcher never hangs.
	private static final Duration STOP_GRACE = Duration.ofSeconds(60);

	enum Mode {

		/** Start the server JVM when a prepared layout is beside the jar, else run in this JVM. */
		AUTO,
		/** Run the server in this JVM. */
		OFF,
		/** Prepare the layout beside the jar (extract, training run, archive) and exit. */
		PREPARE;

		static Mode of(Function<String, String> systemProperties, Map<String, String> environment) {
			String value = systemProperties.apply(MODE);
			if (value == null) {
				value = environment.get(MODE_ENV);
			}
			if (value == null || value.isBlank()) {
				return AUTO;
			}
			return switch (value.trim().toLowerCase(Locale.ROOT)) {
				case "auto", "true", "on" -> AUTO;
				case "false", "off" -> OFF;
				case "prepare" -> PREPARE;
				default -> throw new IllegalArgumentException(
						"unknown " + MODE + " '" + value + "': use auto, false or prepare");
			};
		}

	}

	private ServerLauncher() {
	}

	/** The jar this JVM was started with ({@code java -jar x.jar}), if it was. */
	static Optional<Path> startedJar() {
		String classPath = System.getProperty("java.class.path", "");
		if (classPath.isEmpty() || classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar")) {
			return Optional.empty();
		}
		return Optional.of(Path.of(classPath).toAbsolutePath());
	}

	/**
	 * The command that starts the server JVM: this JVM's executable and options (so {@code -Xmx}
	 * or {@code -D} given to the launcher reach the server), the layout's flags, then the
	 * application's arguments.
	 */
	static List<String> serverCommand(List<String> layoutOptions, Path applicationJar, String[] args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(layoutOptions);
		command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
		command.add("-D" + MODE + "=false");
		command.add("-D" + PARENT_PID + "=" + ProcessHandle.current().pid());
		command.add("-jar");
		command.add(applicationJar.toString());
		command.addAll(List.of(args));
		return command;
	}

	/**
	 * Runs the command as a child sharing this JVM's standard streams and returns its exit code.
	 * When this JVM is asked to stop (SIGTERM, Ctrl-C), the child is asked too and given time for
	 * its graceful shutdown.
	 */
	static int run(List<String> command) throws IOException, InterruptedException {
		Process child = new ProcessBuilder(command).inheritIO().start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(child), "slipway-launcher-stop"));
		// from here on this JVM only waits: hand back the heap that opening the jar touched
		// (about 15 MB of the idle memory, which counts both JVMs)
		System.gc();
		return child.waitFor();
	}

	private static void stop(Process child) {
		if (!child.isAlive()) {
			return;
		}
		child.destroy();
		try {
			if (!child.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
				child.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			child.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * In the server JVM: exit (through the ordinary shutdown, so the server stops gracefully) as
	 * soon as the launcher with this process id is gone, even if it was killed without a chance
	 * to stop its child.
	 */
	static void exitWithParent(long parentPid) {
		Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
		if (parent.isEmpty() || !parent.get().isAlive()) {
			System.exit(PARENT_GONE);
		}
		parent.get().onExit().thenRun(() -> System.exit(PARENT_GONE));
	}

}
