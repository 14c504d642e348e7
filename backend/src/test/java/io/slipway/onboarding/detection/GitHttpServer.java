package io.slipway.onboarding.detection;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real, anonymous, read-only smart-HTTP Git server, as a public Git host serves open-source
 * repositories: the JDK's HTTP server in front of git's own {@code git http-backend} CGI, serving
 * every bare repository below {@code projectRoot} on 127.0.0.1. Adapted from the gitops tests'
 * server (which authenticates and accepts pushes).
 */
final class GitHttpServer implements AutoCloseable {

	private final Path projectRoot;

	private final Path home;

	private final Path backend;

	private final HttpServer server;

	private final ExecutorService executor;

	private GitHttpServer(Path projectRoot, Path home) {
		this.projectRoot = projectRoot;
		this.home = home;
		this.backend = httpBackend(home);
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.executor = Executors.newCachedThreadPool();
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/**
	 * Starts serving on a random free port.
	 */
	static GitHttpServer start(Path projectRoot, Path home) {
		return new GitHttpServer(projectRoot, home);
	}

	/**
	 * The URL of a repository below the project root, e.g. {@code url("service.git")}.
	 */
	String url(String repository) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/" + repository;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private static Path httpBackend(Path home) {
		try {
			Files.createDirectories(home);
			Process process = gitEnvironment(new ProcessBuilder("git", "--exec-path"), home).start();
			String execPath = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
			if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("git --exec-path failed");
			}
			return Path.of(execPath, "git-http-backend");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	// hermetic: no system or user configuration of the machine running the tests
	private static ProcessBuilder gitEnvironment(ProcessBuilder builder, Path home) {
		Map<String, String> env = builder.environment();
		env.keySet().removeIf((name) -> name.startsWith("GIT_"));
		env.put("HOME", home.toString());
		env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
		env.put("GIT_CONFIG_NOSYSTEM", "1");
		return builder;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			runBackend(exchange);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void runBackend(HttpExchange exchange) throws IOException, InterruptedException {
		ProcessBuilder builder = gitEnvironment(new ProcessBuilder(this.backend.toString()), this.home)
			.redirectError(ProcessBuilder.Redirect.DISCARD);
		Map<String, String> env = builder.environment();
		env.put("GIT_PROJECT_ROOT", this.projectRoot.toString());
		env.put("GIT_HTTP_EXPORT_ALL", "1");
		env.put("REMOTE_ADDR", "127.0.0.1");
		env.put("GATEWAY_INTERFACE", "CGI/1.1");
		env.put("SERVER_PROTOCOL", "HTTP/1.1");
		env.put("REQUEST_METHOD", exchange.getRequestMethod());
		env.put("PATH_INFO", exchange.getRequestURI().getPath());
		String query = exchange.getRequestURI().getRawQuery();
		env.put("QUERY_STRING", (query != null) ? query : "");
		copyHeader(exchange, "Content-Type", "CONTENT_TYPE", env);
		// JGit gzips large request bodies; http-backend inflates them when told
		copyHeader(exchange, "Content-Encoding", "HTTP_CONTENT_ENCODING", env);
		copyHeader(exchange, "Git-Protocol", "GIT_PROTOCOL", env);
		copyHeader(exchange, "Content-Length", "CONTENT_LENGTH", env);
		Process process = builder.start();
		Thread requestPump = new Thread(() -> {
			try (InputStream body = exchange.getRequestBody(); OutputStream stdin = process.getOutputStream()) {
				body.transferTo(stdin);
			}
			catch (IOException ex) {
				// the backend stopped reading; its answer says why
			}
		}, "git-http-request-body");
		requestPump.start();
		try (InputStream stdout = new BufferedInputStream(process.getInputStream())) {
			int status = 200;
			for (String line = readLine(stdout); !line.isEmpty(); line = readLine(stdout)) {
				int colon = line.indexOf(':');
				if (colon < 0) {
					continue;
				}
				String name = line.substring(0, colon).strip();
				String value = line.substring(colon + 1).strip();
				if (name.equalsIgnoreCase("Status")) {
					status = Integer.parseInt(value.split(" ")[0]);
				}
				else {
					exchange.getResponseHeaders().add(name, value);
				}
			}
			exchange.sendResponseHeaders(status, 0);
			try (OutputStream response = exchange.getResponseBody()) {
				stdout.transferTo(response);
			}
			catch (IOException ex) {
				// the client hung up, e.g. detection stopped a transfer past its size limit:
				// nobody reads the rest of the pack
				process.destroyForcibly();
			}
		}
		finally {
			requestPump.join(TimeUnit.SECONDS.toMillis(30));
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
	}

	private static void copyHeader(HttpExchange exchange, String header, String variable, Map<String, String> env) {
		String value = exchange.getRequestHeaders().getFirst(header);
		if (value != null) {
			env.put(variable, value);
		}
	}

	// CGI header lines end in LF or CRLF; an empty line ends the headers
	private static String readLine(InputStream input) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = input.read(); b != -1 && b != '\n'; b = input.read()) {
			line.write(b);
		}
		return line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
	}

}
