package io.slipway.promotion;

import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.awaitility.Awaitility.await;

/**
 * The promotions API as the integration tests call it, through HTTP Basic with the test users'
 * {@code <name>-pw} passwords: requests by one user, reads by a viewer, and waiting for a phase.
 */
final class PromotionApi {

	private final WebTestClient web;

	private final String reader;

	private final Duration patience;

	/**
	 * @param web the client of the running Slipway
	 * @param reader the user who reads promotions
	 * @param patience how long a promotion may take to reach a phase
	 */
	PromotionApi(WebTestClient web, String reader, Duration patience) {
		this.web = web;
		this.reader = reader;
		this.patience = patience;
	}

	/** Requests the promotion of {@code service} from staging to production; its id. */
	long request(String user, String service) {
		return post(user, "/api/v1/promotions", Map.of("service", service, "from", "staging", "to", "production"))
			.expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.get("id")
			.asLong();
	}

	WebTestClient.ResponseSpec post(String user, String path, Object body) {
		return this.web.post()
			.uri(path)
			.headers((headers) -> headers.setBasicAuth(user, user + "-pw"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	/** Reads {@code path} as the reader, which must answer 200. */
	JsonNode get(String path) {
		return this.web.get()
			.uri(path)
			.headers((headers) -> headers.setBasicAuth(this.reader, this.reader + "-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	/** The promotion once it reached {@code phase}. */
	JsonNode awaitPhase(long id, String phase) {
		return await().atMost(this.patience)
			.until(() -> get("/api/v1/promotions/" + id), (promotion) -> promotion.get("phase").asString().equals(phase));
	}

	/** One of a promotion's gates, by name. */
	static JsonNode gate(JsonNode promotion, String name) {
		return promotion.get("gates")
			.valueStream()
			.filter((gate) -> gate.get("name").asString().equals(name))
			.findFirst()
			.orElseThrow();
	}

}
