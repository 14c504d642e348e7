package io.slipway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The server JVM's files beside the executable jar ({@code slipway.jar} gets {@code slipway-jvm/}):
 * the jar extracted into a plain class path ({@code app/}) and a class data sharing archive of the
 * classes one start loads, made by a training run of that layout. A JVM maps the archive instead
 * of opening, verifying and parsing those classes again, which is most of the start-up's CPU on a
 * small machine (docs/benchmarks.md). The archive is only valid for the JVM build that made it
 * and the exact files of the layout, so a stamp records both and the jar it came from.
 */
final class ServerLayout {

	static final String TRAINING = "slipway.launcher.training";

	private static final String STAMP = "stamp.properties";

	private static final String ARCHIVE = "slipway.jsa";

	private static final String CLASS_LIST = "classes.lst";

	private static final String LAMBDA_PROXY = "@lambda-proxy";

	private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);

	private final Path jar;

	private final Path directory;

	ServerLayout(Path jar) {
		this.jar = jar;
		String name = jar.getFileName().toString();
		this.directory = jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + "-jvm");
	}

	Path directory() {
		return this.directory;
	}

	Path applicationJar() {
		return this.directory.resolve("app").resolve(this.jar.getFileName());
	}

	/** Whether the layout was prepared from this very jar (a rebuilt jar needs a new one). */
	boolean isPreparedForJar() {
		Optional<Properties> stamp = stamp();
		return stamp.isPresent() && jarIdentity().equals(stamp.get().getProperty("jar"))
				&& Files.isRegularFile(applicationJar());
	}

	/** The server JVM's options: the archive, when this JVM build made it. */
	List<String> jvmOptions() {
		Optional<Properties> stamp = stamp();
		Path archive = this.directory.resolve(ARCHIVE);
		if (stamp.isPresent() && jvmIdentity().equals(stamp.get().getProperty("jvm")) && Files.isRegularFile(archive)) {
			// auto: a JVM that cannot map the archive (another address layout) starts without it
			return List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
		}
		return List.of();
	}

	/**
	 * Extracts the jar, runs the server once on a throw-away data directory up to readiness while
	 * the JVM lists the classes it loads, and dumps the archive of those classes. Writes the
	 * stamp last, so a layout whose preparation failed half-way is never used.
	 */
	void prepare() throws IOException, InterruptedException {
		deleteRecursively(this.directory);
		Files.createDirectories(this.directory);
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Path log = this.directory.resolve("prepare.log");

		step("extract", log, List.of(java, "-Djarmode=tools", "-jar", this.jar.toString(), "extract", "--destination",
				this.directory.resolve("app").toString()), this.directory);

		Path classList = this.directory.resolve(CLASS_LIST);
		Path data = Files.createTempDirectory("slipway-training");
		try {
			step("training run", log,
					List.of(java, "-XX:DumpLoadedClassList=" + classList, "-D" + ServerLauncher.MODE + "=false",
							"-D" + TRAINING + "=true", "-jar", applicationJar().toString(),
							"--slipway.data-dir=" + data, "--server.port=0", "--server.address=127.0.0.1"),
					data);
		}
		finally {
			deleteRecursively(data);
		}

		// Debian's OpenJDK 17.0.15 crashes dumping lambda proxies whose callers live in signed
		// jars (which CDS excludes); drop those, and all lambda proxies if it still crashes.
		Path archive = this.directory.resolve(ARCHIVE);
		boolean archived = dump(java, log, withoutLambdasOfSignedJars(classList), archive)
				|| dump(java, log, withoutLambdas(classList), archive);
		if (!archived) {
			Files.deleteIfExists(archive);
			System.err.println("slipway: no class data sharing archive (see " + log + "); the server JVM starts without it");
		}

		Files.deleteIfExists(classList.resolveSibling(classList.getFileName() + "-filtered"));
		Files.deleteIfExists(classList.resolveSibling(classList.getFileName() + "-nolambda"));
		writeStamp();
	}

	/** Marks the layout as made from the jar as it is now, by this JVM build. */
	void writeStamp() throws IOException {
		Properties stamp = new Properties();
		stamp.setProperty("jar", jarIdentity());
		stamp.setProperty("jvm", jvmIdentity());
		try (OutputStream out = Files.newOutputStream(this.directory.resolve(STAMP))) {
			stamp.store(out, "prepared by java -Dslipway.launcher=prepare -jar " + this.jar.getFileName());
		}
	}

	/** In the training run: requests each path from the server once, failing on an error answer. */
	static void visit(String port, String... paths) throws IOException {
		for (String path : paths) {
			HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path)
				.toURL()
				.openConnection();
			try (InputStream in = connection.getInputStream()) {
				in.readAllBytes();
			}
			finally {
				connection.disconnect();
			}
		}
	}

	private boolean dump(String java, Path log, Path classList, Path archive) throws IOException, InterruptedException {
		Files.deleteIfExists(archive);
		try {
			step("class data sharing dump", log, List.of(java, "-Xshare:dump", "-XX:SharedClassListFile=" + classList,
					"-XX:SharedArchiveFile=" + archive, "-cp", applicationJar().toString()), this.directory);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private Path withoutLambdasOfSignedJars(Path classList) throws IOException {
		Set<String> signedClasses = new HashSet<>();
		try (DirectoryStream<Path> libs = Files.newDirectoryStream(applicationJar().resolveSibling("lib"), "*.jar")) {
			for (Path lib : libs) {
				try (JarFile jarFile = new JarFile(lib.toFile())) {
					if (isSigned(jarFile)) {
						jarFile.stream()
							.map(JarEntry::getName)
							.filter((name) -> name.endsWith(".class"))
							.forEach((name) -> signedClasses.add(name.substring(0, name.length() - ".class".length())));
					}
				}
			}
		}
		return filtered(classList, "-filtered", (line) -> {
			if (!line.startsWith(LAMBDA_PROXY)) {
				return true;
			}
			String[] fields = line.split(" ", 3);
			return fields.length < 2 || !signedClasses.contains(fields[1]);
		});
	}

	private Path withoutLambdas(Path classList) throws IOException {
		return filtered(classList, "-nolambda", (line) -> !line.startsWith(LAMBDA_PROXY));
	}

	private static boolean isSigned(JarFile jarFile) {
		return jarFile.stream()
			.map(JarEntry::getName)
			.anyMatch((name) -> name.startsWith("META-INF/") && (name.endsWith(".SF")));
	}

	private static Path filtered(Path classList, String suffix, java.util.function.Predicate<String> keep)
			throws IOException {
		Path target = classList.resolveSibling(classList.getFileName() + suffix);
		try (Stream<String> lines = Files.lines(classList, StandardCharsets.UTF_8)) {
			Files.write(target, (Iterable<String>) lines.filter(keep)::iterator, StandardCharsets.UTF_8);
		}
		return target;
	}

	private static void step(String name, Path log, List<String> command, Path workingDirectory)
			throws IOException, InterruptedException {
		Files.writeString(log, "== " + name + ": " + String.join(" ", command) + System.lineSeparator(),
				StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
				java.nio.file.StandardOpenOption.APPEND);
		ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		// the training run must see the built-in defaults, not this machine's configuration
		Map<String, String> environment = builder.environment();
		environment.keySet()
			.removeIf((key) -> key.startsWith("SPRING_") || key.startsWith("SLIPWAY_") || key.startsWith("LOGGING_")
					|| key.startsWith("SERVER_") || key.startsWith("MANAGEMENT_") || key.equals("JAVA_TOOL_OPTIONS"));
		Process process = builder.start();
		if (!process.waitFor(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
			process.destroyForcibly().waitFor();
			throw new IOException(name + " did not finish within " + STEP_TIMEOUT.toMinutes() + " minutes; see " + log);
		}
		if (process.exitValue() != 0) {
			throw new IOException(name + " failed with exit code " + process.exitValue() + "; see " + log);
		}
	}

	private Optional<Properties> stamp() {
		Path file = this.directory.resolve(STAMP);
		if (!Files.isRegularFile(file)) {
			return Optional.empty();
		}
		Properties properties = new Properties();
		try (InputStream in = Files.newInputStream(file)) {
			properties.load(in);
			return Optional.of(properties);
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private String jarIdentity() {
		try {
			return Files.size(this.jar) + "/" + Files.getLastModifiedTime(this.jar).toMillis();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("error reading " + this.jar, ex);
		}
	}

	private static String jvmIdentity() {
		return System.getProperty("java.home") + "/" + System.getProperty("java.vm.version");
	}

	private static void deleteRecursively(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		List<Path> paths = new ArrayList<>();
		try (Stream<Path> walk = Files.walk(path)) {
			walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
		}
		for (Path each : paths) {
			Files.delete(each);
		}
	}

}
