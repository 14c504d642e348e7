package io.slipway.security;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/v1/tokens} and Bearer authentication, as a script uses them: create a token with
 * Basic, call the API with it, list it (no secret), revoke it, and see it refused.
 */
@SecurityIntegrationTest
class ApiTokenTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	@Autowired
	private WebTestClient client;

	@Autowired
	private RecordedAuditEvents events;

	@Test
	void tokenLifecycle() {
		Map<String, Object> created = createToken("developer", "ci pipeline");
		String secret = (String) created.get("token");
		long id = ((Number) created.get("id")).longValue();
		assertThat(secret).matches("slw_[A-Za-z0-9]{40}");
		assertThat(created).containsEntry("name", "ci pipeline");

		// The token acts as its owner, with the owner's roles.
		String listed = this.client.get().uri("/api/v1/tokens").headers(headers -> headers.setBearerAuth(secret))
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(listed).contains("\"ci pipeline\"").contains("\"createdAt\"").doesNotContain(secret)
			.doesNotContain("\"token\"");
		this.client.post().uri("/api/v1/services/preview").headers(headers -> headers.setBearerAuth(secret))
			.exchange()
			.expectStatus().value(status -> assertThat(status).isNotIn(401, 403))
			.expectBody();
		this.client.post().uri("/api/v1/rollbacks").headers(headers -> headers.setBearerAuth(secret))
			.exchange()
			.expectStatus().isForbidden()
			.expectBody();

		this.client.get().uri("/api/v1/tokens").headers(headers -> headers.setBasicAuth("developer", "developer-pw"))
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$[?(@.id == %d)].lastUsedAt".formatted(id)).value(List.class,
					lastUsed -> assertThat(lastUsed).singleElement().isNotNull());

		this.client.delete().uri("/api/v1/tokens/{id}", id).headers(headers -> headers.setBearerAuth(secret))
			.exchange()
			.expectStatus().isNoContent()
			.expectBody();
		this.client.get().uri("/api/v1/tokens").headers(headers -> headers.setBearerAuth(secret))
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals("WWW-Authenticate", "Basic realm=\"Slipway\"")
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody();

		assertThat(this.events.ofType(ApiTokenCreated.class)).contains(new ApiTokenCreated("developer", id, "ci pipeline"));
		assertThat(this.events.ofType(ApiTokenRevoked.class)).contains(new ApiTokenRevoked("developer", id, "ci pipeline"));
	}

	@Test
	void creatingATokenNeedsNoCsrfTokenWithBasic() {
		// createToken posts without any CSRF token or session, as scripts do.
		assertThat(createToken("viewer", "no csrf")).containsKey("token");
	}

	@Test
	void listShowsOnlyTheCallersTokens() {
		createToken("approver", "approver's token");
		createToken("oncall", "oncall's token");
		this.client.get().uri("/api/v1/tokens").headers(headers -> headers.setBasicAuth("oncall", "oncall-pw"))
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class).value(body -> assertThat(body).contains("oncall's token").doesNotContain("approver's token"));
	}

	@Test
	void noTokenIsCreatedWhenItCannotBeAudited() {
		this.client.post().uri("/api/v1/tokens").headers(headers -> headers.setBasicAuth("viewer", "viewer-pw"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", RecordedAuditEvents.UNAUDITABLE))
			.exchange()
			.expectStatus().is5xxServerError()
			.expectBody();
		this.client.get().uri("/api/v1/tokens").headers(headers -> headers.setBasicAuth("viewer", "viewer-pw"))
			.exchange()
			.expectBody(String.class).value(body -> assertThat(body).doesNotContain(RecordedAuditEvents.UNAUDITABLE));
	}

	@Test
	void anotherUsersTokenCannotBeRevoked() {
		long id = ((Number) createToken("approver", "mine").get("id")).longValue();
		this.client.delete().uri("/api/v1/tokens/{id}", id).headers(headers -> headers.setBasicAuth("oncall", "oncall-pw"))
			.exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody();
		this.client.get().uri("/api/v1/tokens").headers(headers -> headers.setBasicAuth("approver", "approver-pw"))
			.exchange()
			.expectBody(String.class).value(body -> assertThat(body).contains("\"mine\""));
	}

	@Test
	void blankNameIsAValidationError() {
		this.client.post().uri("/api/v1/tokens").headers(headers -> headers.setBasicAuth("viewer", "viewer-pw"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "  "))
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("name")
			.jsonPath("$.errors[0].message").isEqualTo("Give the token a name.");
	}

	@Test
	void tooLongNameIsAValidationError() {
		this.client.post().uri("/api/v1/tokens").headers(headers -> headers.setBasicAuth("viewer", "viewer-pw"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "x".repeat(101)))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("name")
			.jsonPath("$.errors[0].message").isEqualTo("Use at most 100 characters for the name.");
	}

	@Test
	void unknownBearerTokenIsUnauthorized() {
		this.client.get().uri("/api/v1/services").headers(headers -> headers.setBearerAuth("slw_" + "a".repeat(40)))
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody();
	}

	private Map<String, Object> createToken(String user, String name) {
		Map<String, Object> created = this.client.post().uri("/api/v1/tokens")
			.headers(headers -> headers.setBasicAuth(user, user + "-pw"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", name))
			.exchange()
			.expectStatus().isCreated()
			.expectBody(JSON_OBJECT).returnResult().getResponseBody();
		assertThat(created).isNotNull();
		return created;
	}

}
