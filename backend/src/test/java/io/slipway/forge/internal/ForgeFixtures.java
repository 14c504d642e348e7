package io.slipway.forge.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.slipway.forge.ForgeClient;
import io.slipway.forge.ForgeProperties;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The forge tests' stubs: JSON answers read from {@code src/test/resources/forge/<forge>/}, shaped
 * like each forge's documented responses, and the requests the clients sent, read back as JSON.
 */
final class ForgeFixtures {

	/** A token shaped like a real one, so a leak into a message would be noticed. */
	static final String TOKEN = "ghp_Xq7Lk2mN9vB4cR8tY1wE5uI3oP6aS0dF";

	/** Long enough for a first request on a busy machine (Netty and Jackson warm up). */
	static final Duration TIMEOUT = Duration.ofSeconds(10);

	/** The timeout of the tests that wait for it to strike. */
	static final Duration SHORT_TIMEOUT = Duration.ofSeconds(1);

	/** How long a test waits for what should happen well within {@link #TIMEOUT}. */
	static final Duration PATIENCE = Duration.ofSeconds(30);

	private ForgeFixtures() {
	}

	static ForgeClient client(ForgeProperties.Type type, String url, String repository) {
		return client(type, url, repository, TIMEOUT);
	}

	static ForgeClient client(ForgeProperties.Type type, String url, String repository, Duration timeout) {
		return ForgeClientFactory.create(new ForgeProperties(type, url, TOKEN, repository, timeout),
				WebClient.builder());
	}

	static MockResponse json(int status, String fixture) {
		return new MockResponse.Builder().code(status)
			.setHeader("Content-Type", "application/json; charset=utf-8")
			.body(read(fixture))
			.build();
	}

	static MockResponse empty(int status) {
		return new MockResponse.Builder().code(status).build();
	}

	/** Accepts the connection and never answers. */
	static MockResponse silence() {
		return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
	}

	/** A URL nothing listens on: a stub that was started and stopped again. */
	static String deadUrl(String path) throws IOException {
		try (MockWebServer gone = new MockWebServer()) {
			gone.start();
			return gone.url(path).toString();
		}
	}

	static RecordedRequest next(MockWebServer server) throws InterruptedException {
		RecordedRequest request = server.takeRequest(PATIENCE.toSeconds(), TimeUnit.SECONDS);
		if (request == null) {
			throw new AssertionError("the client sent no further request");
		}
		return request;
	}

	static JsonNode body(RecordedRequest request) {
		return JsonMapper.shared().readTree(request.getBody().utf8());
	}

	static JsonNode tree(String json) {
		return JsonMapper.shared().readTree(json);
	}

	static String read(String fixture) {
		try (InputStream in = ForgeFixtures.class.getResourceAsStream("/forge/" + fixture)) {
			if (in == null) {
				throw new IllegalArgumentException("no fixture forge/" + fixture);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
