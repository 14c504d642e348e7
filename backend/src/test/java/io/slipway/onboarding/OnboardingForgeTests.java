package io.slipway.onboarding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code slipway.forge.type=github}, onboarding opens the pull request on the forge (a stub
 * answering as GitHub's REST API documents) instead of one of Slipway's own change requests, and
 * Slipway lists it with its link to follow it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "slipway.data-dir=target/test-data/onboarding-forge-${random.uuid}",
				"spring.datasource.url=jdbc:h2:mem:onboarding-forge-${random.uuid};DB_CLOSE_DELAY=-1",
				"slipway.forge.type=github", "slipway.forge.token=ghp_Xq7Lk2mN9vB4cR8tY1wE5uI3oP6aS0dF",
				"slipway.forge.repository=octo-org/infra", "slipway.security.users[0].name=dave",
				"slipway.security.users[0].password={noop}dave-pw", "slipway.security.users[0].roles=developer" })
@AutoConfigureWebTestClient(timeout = "30s")
class OnboardingForgeTests {

	private static final MockWebServer github = new MockWebServer();

	private static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	private WebTestClient web;

	@Value("${slipway.data-dir}")
	private Path dataDir;

	@DynamicPropertySource
	static void forge(DynamicPropertyRegistry registry) throws IOException {
		github.start();
		registry.add("slipway.forge.url", () -> github.url("/").toString());
	}

	@AfterAll
	static void stop() {
		github.close();
	}

	@Test
	void submitOpensALabelledPullRequestOnTheForge() throws Exception {
		github.enqueue(json(201, "github-pull-open.json"));
		github.enqueue(json(200, "github-labels-added.json"));

		JsonNode result = submit("shipping").expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		assertThat(result.get("branch").asString()).isEqualTo("feat/shipping");
		String id = result.get("changeRequest").get("id").asString();
		assertThat(result.get("changeRequest").get("url").asString())
			.isEqualTo("https://github.com/octo-org/infra/pull/42");
		assertThat(new InfraRemote(this.dataDir).tip("feat/shipping")).contains(result.get("commit").asString());

		RecordedRequest create = next();
		assertThat(create.getMethod()).isEqualTo("POST");
		assertThat(create.getTarget()).isEqualTo("/repos/octo-org/infra/pulls");
		JsonNode pull = json.readTree(create.getBody().utf8());
		assertThat(pull.get("title").asString()).isEqualTo("feat(shipping): add deployment configuration");
		assertThat(pull.get("head").asString()).isEqualTo("feat/shipping");
		assertThat(pull.get("base").asString()).isEqualTo("main");
		assertThat(pull.get("body").asString()).contains("- `services/shipping/base/deployment.yaml`")
			.contains("| rule | status | message |")
			.contains("| argocd | PASS |");
		RecordedRequest labels = next();
		assertThat(labels.getTarget()).isEqualTo("/repos/octo-org/infra/issues/42/labels");
		assertThat(json.readTree(labels.getBody().utf8()).get("labels").valueStream().map(JsonNode::asString))
			.containsExactly("onboarding");
		// Slipway lists it, as the forge's pull request, under the number it answered with
		this.web.get()
			.uri("/api/v1/change-requests/{id}", id)
			.headers((headers) -> headers.setBasicAuth("dave", "dave-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.sourceBranch")
			.isEqualTo("feat/shipping")
			.jsonPath("$.state")
			.isEqualTo("OPEN")
			.jsonPath("$.reviewUrl")
			.isEqualTo("https://github.com/octo-org/infra/pull/42")
			.jsonPath("$.forge.number")
			.isEqualTo(42)
			.jsonPath("$.body")
			.value(String.class, (body) -> assertThat(body).contains("| rule | status | message |"));
	}

	@Test
	void aRefusedPullRequestLeavesNoBranchBehind() throws Exception {
		InfraRemote remote = new InfraRemote(this.dataDir);
		Map<String, String> refsBefore = remote.refs();
		github.enqueue(json(422, "github-error-422.json"));

		submit("parcels").expectStatus()
			.isEqualTo(HttpStatus.BAD_GATEWAY)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).contains("A pull request already exists")
				.doesNotContain("ghp_"));

		next();
		assertThat(remote.refs()).isEqualTo(refsBefore);
		// so the developer can submit again once the forge is sorted out
		github.enqueue(pullOpen(43));
		github.enqueue(json(200, "github-labels-added.json"));
		submit("parcels").expectStatus().isCreated();
		next();
		next();
	}

	private WebTestClient.ResponseSpec submit(String name) {
		return this.web.post()
			.uri("/api/v1/services")
			.headers((headers) -> headers.setBasicAuth("dave", "dave-pw"))
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
			.bodyValue(Specs.named(name))
			.exchange();
	}

	private static RecordedRequest next() throws InterruptedException {
		RecordedRequest request = github.takeRequest(30, TimeUnit.SECONDS);
		assertThat(request).as("a request to the forge").isNotNull();
		return request;
	}

	/** The documented answer to opening a pull request, numbered {@code number}. */
	private static MockResponse pullOpen(int number) {
		try (InputStream in = OnboardingForgeTests.class.getResourceAsStream("/onboarding/forge/github-pull-open.json")) {
			ObjectNode pull = (ObjectNode) json.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			pull.put("number", number);
			pull.put("html_url", "https://github.com/octo-org/infra/pull/" + number);
			return new MockResponse.Builder().code(201)
				.setHeader("Content-Type", "application/json; charset=utf-8")
				.body(json.writeValueAsString(pull))
				.build();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static MockResponse json(int status, String fixture) {
		try (InputStream in = OnboardingForgeTests.class.getResourceAsStream("/onboarding/forge/" + fixture)) {
			return new MockResponse.Builder().code(status)
				.setHeader("Content-Type", "application/json; charset=utf-8")
				.body(new String(in.readAllBytes(), StandardCharsets.UTF_8))
				.build();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
