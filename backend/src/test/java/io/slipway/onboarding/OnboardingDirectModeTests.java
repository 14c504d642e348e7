package io.slipway.onboarding;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.slipway.gitops.CommitRequest;
import io.slipway.gitops.GitOpsRepository;
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

	@Autowired
	private GitOpsRepository gitOps;

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
			.jsonPath("$[?(@.name == 'direct')].environments[0].imageTag")
			.isEqualTo(List.of("1.4.0"))
			.jsonPath("$[?(@.name == 'direct')].environments[0].commit.id")
			.isEqualTo(List.of(commit));
	}

	@Test
	void listsServicesOfThePackagesLayoutAndOverlaysAnApplicationPointsAt() {
		this.web.post()
			.uri("/api/v1/services")
			.headers((headers) -> headers.setBasicAuth("dave", "dave-pw"))
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
			.bodyValue(Specs.named("warehouse", (spec) -> spec.put("templatePack", "packages")))
			.exchange()
			.expectStatus()
			.isCreated();
		// a service written by hand, its overlay where only its Application says
		String legacy = this.gitOps
			.commit(CommitRequest.builder("chore(legacy): describe the legacy service")
				.put("services/legacy/deploy/stage/kustomization.yaml", """
						resources: [../../base]
						images:
						  - name: legacy
						    newTag: 0.9.0
						""")
				.put("argocd/apps/staging/legacy.yaml", """
						apiVersion: argoproj.io/v1alpha1
						kind: Application
						metadata: {name: legacy-staging}
						spec:
						  source: {path: services/legacy/deploy/stage/}
						""")
				.build())
			.block(Duration.ofSeconds(30))
			.commitId();

		this.web.get()
			.uri("/api/v1/services/warehouse")
			.headers((headers) -> headers.setBasicAuth("dave", "dave-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.path")
			.isEqualTo("packages/warehouse")
			.jsonPath("$.templatePack")
			.isEqualTo("packages@1.0.0")
			.jsonPath("$.environments[0].overlay")
			.isEqualTo("packages/warehouse/k8s/overlays/dev")
			.jsonPath("$.environments[0].imageTag")
			.isEqualTo("1.4.0")
			.jsonPath("$.environments[1].overlay")
			.isEqualTo("packages/warehouse/k8s/overlays/prod");
		this.web.get()
			.uri("/api/v1/services/legacy")
			.headers((headers) -> headers.setBasicAuth("dave", "dave-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.templatePack")
			.isEmpty()
			.jsonPath("$.environments[0].overlay")
			.isEqualTo("services/legacy/deploy/stage")
			.jsonPath("$.environments[0].imageTag")
			.isEqualTo("0.9.0")
			.jsonPath("$.environments[0].commit.id")
			.isEqualTo(legacy)
			.jsonPath("$.environments[1].name")
			.isEqualTo("production")
			.jsonPath("$.environments[1].overlay")
			.isEmpty()
			.jsonPath("$.environments[1].commit")
			.isEmpty();
	}

}
