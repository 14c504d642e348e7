package io.slipway.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * A real smart-HTTP Git server for tests: the JDK's HTTP server in front of git's own
 * {@code git http-backend} CGI, with HTTP Basic authentication checked here (a wrong or missing
 * token gets 401 with a {@code WWW-Authenticate} challenge, as a Git host answers). Serves every
 * bare repository below {@code projectRoot} on 127.0.0.1. Started with {@link #startAnonymous} it
 * asks for no credentials and, like a public Git host, only serves fetches.
 */
public final class GitHttpServer implements AutoCloseable {

	private final Path projectRoot;

	private final Path home;

	private final @Nullable String username;

	private final @Nullable String token;

	private final Path backend;

	private HttpServer server;

	private boolean running;

	private ExecutorService executor;

	private int port;

	private GitHttpServer(Path projectRoot, Path home, @Nullable String username, @Nullable String token) {
		this.projectRoot = projectRoot;
		this.home = home;
		this.username = username;
		this.token = token;
		this.backend = httpBackend(new GitCommandLine(home));
	}

	/**
	 * Starts serving on a random free port.
	 */
	public static GitHttpServer start(Path projectRoot, Path home, String username, String token) {
		GitHttpServer server = new GitHttpServer(projectRoot, home, username, token);
		server.listen(0);
		return server;
	}

	/**
	 * Starts serving anonymously and read-only on a random free port: no {@code REMOTE_USER}
	 * reaches {@code git http-backend}, so it refuses pushes as it does for any anonymous client.
	 */
	public static GitHttpServer startAnonymous(Path projectRoot, Path home) {
		GitHttpServer server = new GitHttpServer(projectRoot, home, null, null);
		server.listen(0);
		return server;
	}

	private static Path httpBackend(GitCommandLine git) {
		String execPath = git.run(Path.of("."), "--exec-path").strip();
		return Path.of(execPath, "git-http-backend");
	}

	private void listen(int wantedPort) {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), wantedPort), 16);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.executor = Executors.newCachedThreadPool();
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
		this.running = true;
		this.port = this.server.getAddress().getPort();
	}

	/**
	 * The URL of a repository below the project root, e.g. {@code url("infra.git")}.
	 */
	public String url(String repository) {
		return "http://127.0.0.1:" + this.port + "/" + repository;
	}

	/**
	 * Stops listening; the port refuses connections until {@link #restart()}.
	 */
	public void stop() {
		if (this.running) {
			this.running = false;
			this.server.stop(0);
			this.executor.shutdownNow();
		}
	}

	/**
	 * Listens again on the same port.
	 */
	public void restart() {
		listen(this.port);
	}

	@Override
	public void close() {
		stop();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
				exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"infra\"");
				exchange.sendResponseHeaders(401, -1);
				return;
			}
			runBackend(exchange);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private boolean authorized(@Nullable String header) {
		if (this.username == null) {
			return true;
		}
		if (header == null || !header.startsWith("Basic ")) {
			return false;
		}
		String credentials = new String(Base64.getDecoder().decode(header.substring("Basic ".length()).strip()),
				StandardCharsets.UTF_8);
		return credentials.equals(this.username + ":" + this.token);
	}

	private void runBackend(HttpExchange exchange) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(this.backend.toString())
			.redirectError(ProcessBuilder.Redirect.DISCARD);
		Map<String, String> env = builder.environment();
		env.keySet().removeIf((name) -> name.startsWith("GIT_"));
		env.put("HOME", this.home.toString());
		env.put("GIT_CONFIG_NOSYSTEM", "1");
		env.put("GIT_PROJECT_ROOT", this.projectRoot.toString());
		env.put("GIT_HTTP_EXPORT_ALL", "1");
		// an authenticated user enables receive-pack (pushes) in http-backend
		if (this.username != null) {
			env.put("REMOTE_USER", this.username);
		}
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
		// a chunked body has no length: then http-backend reads to the end of its input
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
