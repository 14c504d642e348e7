package io.slipway.onboarding;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code slipway.git.mode=direct}: onboarding commits straight to the main branch, with no branch
 * and no change request, and the service is listed at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "slipway.data-dir=target/test-data/onboarding-direct-${random.uuid}",
				"spring.datasource.url=jdbc:h2:mem:onboarding-direct-${random.uuid};DB_CLOSE_DELAY=-1",
				"slipway.git.mode=direct", "slipway.security.users[0].name=dave",
				"slipway.security.users[0].password={noop}dave-pw", "slipway.security.users[0].roles=developer" })
@AutoConfigureWebTestClient(timeout = "30s")
class OnboardingDirectModeTests {

	@Autowired
	private WebTestClient web;

	@Value("${slipway.data-dir}")
	private Path dataDir;

	@Test
	void submitCommitsToMainWithoutAChangeRequest() throws Exception {
		InfraRemote remote = new InfraRemote(this.dataDir);
		String mainBefore = remote.tip("main").orElseThrow();

		JsonNode result = this.web.post()
			.uri("/api/v1/services")
			.headers((headers) -> headers.setBasicAuth("dave", "dave-pw"))
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
			.bodyValue(Specs.named("direct"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		assertThat(result.get("branch").asString()).isEqualTo("main");
		assertThat(result.get("changeRequest").isNull()).isTrue();
		String commit = result.get("commit").asString();
		assertThat(remote.tip("main")).contains(commit);
		RevCommit written = remote.commit(commit);
		assertThat(written.getParent(0).name()).isEqualTo(mainBefore);
		assertThat(written.getShortMessage()).isEqualTo("feat(direct): add deployment configuration");
		List<String> files = result.get("files").valueStream().map(JsonNode::asString).toList();
		Map<String, DiffEntry.ChangeType> changes = remote.changes(commit);
		assertThat(changes.keySet()).containsExactlyInAnyOrderElementsOf(files);
		assertThat(remote.refs().keySet()).noneMatch((ref) -> ref.startsWith("refs/heads/feat/"));
		this.web.get()
			.uri("/api/v1/change-requests")
			.headers((headers) -> headers.setBasicAuth("dave", "dave-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(0);

		this.web.get()
			.uri("/api/v1/services")
			.headers((headers) -> headers.setBasicAuth("dave", "dave-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].name")
			.isEqualTo("direct")
			.jsonPath("$[0].environments[0].imageTag")
			.isEqualTo("1.4.0")
			.jsonPath("$[0].environments[0].commit.id")
			.isEqualTo(commit);
	}

}
