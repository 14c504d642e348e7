package io.slipway.argocd;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.slipway.argocd.internal.webclient.WebClientArgoCdClient;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the Argo CD client tests share: answers built from the contract pack's examples
 * ({@code src/test/resources/argocd/}), the requests the client sent, and clients with timeouts
 * short enough for tests.
 */
final class ArgoCdClientFixtures {

	/** Shaped like an Argo CD JWT (three parts), so a leak into a message would be noticed. */
	static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJhcmdvY2QiLCJzdWIiOiJzbGlwd2F5OmFwaUtleSJ9.c2lnbmF0dXJlLXNsaXB3YXk";

	/** How long a test waits for what should happen well within the client's timeouts. */
	static final Duration PATIENCE = Duration.ofSeconds(30);

	private ArgoCdClientFixtures() {
	}

	/** Token auth, no retry pause worth waiting for, a circuit that stays closed in the tests. */
	static ArgoCdProperties properties(String url) {
		return ArgoCdProperties.withToken(url, TOKEN)
			.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(20))
			.withResilience(3, Duration.ofMillis(10), Duration.ofMinutes(1));
	}

	static ArgoCdClient client(MockWebServer server) {
		return new WebClientArgoCdClient(properties(url(server)));
	}

	static String url(MockWebServer server) {
		return server.url("/").toString().replaceAll("/$", "");
	}

	static MockResponse json(int status, String example) {
		return jsonBody(status, read(example));
	}

	static MockResponse jsonBody(int status, String body) {
		// what grpc-gateway sends
		return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
	}

	static MockResponse text(int status, String contentType, String body) {
		return new MockResponse.Builder().code(status).setHeader("Content-Type", contentType).body(body).build();
	}

	static MockResponse eventStream(int status, String body) {
		return new MockResponse.Builder().code(status)
			.setHeader("Content-Type", "text/event-stream")
			.setHeader("X-Content-Type-Options", "nosniff")
			.chunkedBody(body, 512)
			.build();
	}

	/** Accepts the request and never answers. */
	static MockResponse silence() {
		return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
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

	static String read(String example) {
		try (InputStream in = ArgoCdClientFixtures.class.getResourceAsStream("/argocd/" + example)) {
			if (in == null) {
				throw new IllegalArgumentException("no example argocd/" + example);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The message of an error example, e.g. {@code errors/error-not-found.json}. */
	static String messageOf(String example) {
		return JsonMapper.shared().readTree(read(example)).get("message").stringValue();
	}

}
