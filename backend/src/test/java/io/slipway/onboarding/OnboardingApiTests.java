package io.slipway.onboarding;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.slipway.gitops.CommitRequest;
import io.slipway.gitops.GitOpsRepository;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import reactor.core.publisher.Flux;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/v1/services} against the running application and its real infra repository: what a
 * developer gets back, and what reviewers and Argo CD then find in Git.
 */
@OnboardingApiTest
class OnboardingApiTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final AtomicInteger names = new AtomicInteger();

	@Autowired
	private WebTestClient web;

	@Autowired
	private GitOpsRepository gitOps;

	@Value("${slipway.data-dir}")
	private Path dataDir;

	private InfraRemote remote() {
		return new InfraRemote(this.dataDir);
	}

	private static String newName(String prefix) {
		return prefix + "-" + names.incrementAndGet();
	}

	@Test
	void previewShowsEveryFileTheDiffAgainstMainAndTheChecks() throws Exception {
		String name = newName("preview");
		Map<String, String> refsBefore = remote().refs();

		JsonNode preview = post("/api/v1/services/preview", "dave", Specs.named(name)).expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		List<String> paths = preview.get("files").valueStream().map((file) -> file.get("path").asString()).toList();
		assertThat(paths).contains("services/" + name + "/base/deployment.yaml",
				"services/" + name + "/overlays/staging/kustomization.yaml",
				"services/" + name + "/overlays/production/kustomization.yaml", "argocd/apps/staging/" + name + ".yaml",
				"argocd/apps/production/" + name + ".yaml", "services/" + name + "/slipway.yaml");
		assertThat(preview.get("files").get(0).get("content").asString()).isNotBlank();
		String diff = preview.get("diff").asString();
		for (String path : paths) {
			assertThat(diff).contains("diff --git a/" + path + " b/" + path);
		}
		assertThat(diff).contains("new file mode").contains("+    newTag: 1.4.0");
		List<String> statuses = preview.get("checks")
			.valueStream()
			.map((check) -> check.get("status").asString())
			.toList();
		assertThat(preview.get("checks").get(0).has("rule")).isTrue();
		assertThat(preview.get("checks").get(0).has("message")).isTrue();
		assertThat(statuses).isNotEmpty().doesNotContain("FAIL");
		assertThat(remote().refs()).isEqualTo(refsBefore);
	}

	@Test
	void previewWithTheServicesLanguageShowsTheDockerfileThePackagesPackProposes() throws Exception {
		String name = newName("nodejs");

		JsonNode preview = post("/api/v1/services/preview", "dave", Specs.named(name, (spec) -> {
			spec.put("templatePack", "packages");
			spec.put("language", "nodejs");
			spec.put("healthPath", "/healthz");
			((ObjectNode) spec.get("ports")).put("http", 3000);
		})).expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();

		JsonNode dockerfile = preview.get("files")
			.valueStream()
			.filter((file) -> file.get("path").asString().equals("packages/" + name + "/Dockerfile"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no Dockerfile proposed"));
		String content = dockerfile.get("content").asString();
		assertThat(content).contains("AS builder", "USER ", "EXPOSE 3000", "HEALTHCHECK",
				"http://localhost:3000/healthz");
		assertThat(content.lines().filter((line) -> line.startsWith("FROM ")).count()).as("multi-stage")
			.isGreaterThanOrEqualTo(2);
		assertThat(preview.get("diff").asString()).contains("diff --git a/packages/" + name + "/Dockerfile");
		// without a language nothing is proposed
		JsonNode without = post("/api/v1/services/preview", "dave",
				Specs.named(newName("plain"), (spec) -> spec.put("templatePack", "packages")))
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(without.get("files").valueStream().map((file) -> file.get("path").asString()))
			.noneMatch((path) -> path.endsWith("/Dockerfile"));
	}

	@Test
	void previewOfAnInvalidSpecNamesTheFieldAndWritesNothing() throws Exception {
		Map<String, String> refsBefore = remote().refs();

		post("/api/v1/services/preview", "dave", Specs.named("Not_A_Name")).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("name")
			.jsonPath("$.errors[0].message")
			.value(String.class, (message) -> assertThat(message).contains("DNS-1035"));
		assertThat(remote().refs()).isEqualTo(refsBefore);
	}

	@Test
	void submittingWritesOneCommitOnTheFeatureBranchAndOpensAChangeRequest() throws Exception {
		String name = newName("billing");
		String mainBefore = remote().tip("main").orElseThrow();

		JsonNode result = post("/api/v1/services", "dave", Specs.named(name)).expectStatus()
			.isCreated()
			.expectHeader()
			.location("/api/v1/services/" + name)
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		assertThat(result.get("name").asString()).isEqualTo(name);
		assertThat(result.get("branch").asString()).isEqualTo("feat/" + name);
		String commit = result.get("commit").asString();
		List<String> files = result.get("files").valueStream().map(JsonNode::asString).toList();
		assertThat(files).contains("services/" + name + "/base/deployment.yaml");

		// the remote holds exactly one new commit on feat/<name>, adding exactly the files
		assertThat(remote().tip("feat/" + name)).contains(commit);
		assertThat(remote().tip("main")).contains(mainBefore);
		List<RevCommit> ahead = remote().commitsAhead("main", "feat/" + name);
		assertThat(ahead).hasSize(1);
		assertThat(ahead.get(0).getShortMessage()).isEqualTo("feat(" + name + "): add deployment configuration");
		assertThat(ahead.get(0).getFullMessage()).contains("Requested-By: dave");
		Map<String, DiffEntry.ChangeType> changes = remote().changes(commit);
		assertThat(changes.keySet()).containsExactlyInAnyOrderElementsOf(files);
		assertThat(changes.values()).containsOnly(DiffEntry.ChangeType.ADD);

		// and a change request proposes it
		String changeRequest = result.get("changeRequest").get("id").asString();
		assertThat(result.get("changeRequest").get("url").asString()).isEqualTo("/change-requests/" + changeRequest);
		this.web.get()
			.uri("/api/v1/change-requests/{id}", changeRequest)
			.headers((headers) -> headers.setBasicAuth("victor", "victor-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.state")
			.isEqualTo("OPEN")
			.jsonPath("$.sourceBranch")
			.isEqualTo("feat/" + name)
			.jsonPath("$.title")
			.isEqualTo("feat(" + name + "): add deployment configuration")
			.jsonPath("$.author")
			.isEqualTo("dave")
			.jsonPath("$.body")
			.value(String.class, (body) -> assertThat(body).contains("services/" + name + "/base/deployment.yaml"));
		this.web.get()
			.uri("/api/v1/change-requests")
			.headers((headers) -> headers.setBasicAuth("victor", "victor-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[?(@.sourceBranch == 'feat/" + name + "')].state")
			.isEqualTo(List.of("OPEN"));
	}

	@Test
	void onboardingIsAudited() {
		String name = newName("audited");
		JsonNode result = post("/api/v1/services", "dave", Specs.named(name)).expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		this.web.get()
			.uri("/api/v1/audit?action=service.onboarded&actor=dave")
			.headers((headers) -> headers.setBasicAuth("victor", "victor-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[?(@.subject == 'service/" + name + "')].details.branch")
			.isEqualTo(List.of("feat/" + name))
			.jsonPath("$[?(@.subject == 'service/" + name + "')].details.commit")
			.isEqualTo(List.of(result.get("commit").asString()))
			.jsonPath("$[?(@.subject == 'service/" + name + "')].details.changeRequest")
			.isEqualTo(List.of(result.get("changeRequest").get("id").asString()))
			.jsonPath("$[?(@.subject == 'service/" + name + "')].details.files.length()")
			.isEqualTo(List.of(result.get("files").size()));
	}

	@Test
	void aServiceOnMainIsRefusedWithConflictAndNothingMoves() throws Exception {
		String name = newName("ledger");
		this.gitOps
			.commit(CommitRequest.builder("feat(" + name + "): written by hand")
				.put("services/" + name + "/base/kustomization.yaml", "resources: []\n")
				.build())
			.block(WAIT);
		Map<String, String> refsBefore = remote().refs();

		post("/api/v1/services", "dave", Specs.named(name)).expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("name")
			.jsonPath("$.errors[0].message")
			.value(String.class, (message) -> assertThat(message).contains("already exists"));
		assertThat(remote().refs()).isEqualTo(refsBefore);
	}

	@Test
	void aServiceInAnOpenChangeRequestIsRefusedWithConflictAndNothingMoves() throws Exception {
		String name = newName("invoices");
		post("/api/v1/services", "dave", Specs.named(name)).expectStatus().isCreated();
		Map<String, String> refsBefore = remote().refs();

		post("/api/v1/services", "dave", Specs.named(name)).expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("name")
			.jsonPath("$.errors[0].message")
			.value(String.class, (message) -> assertThat(message).contains("change request #"));
		// the preview says so too, before anyone submits
		post("/api/v1/services/preview", "dave", Specs.named(name)).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("name");
		assertThat(remote().refs()).isEqualTo(refsBefore);
	}

	@Test
	void injectionShapedValuesRoundTripExactlyThroughSubmit() throws Exception {
		String name = newName("tricky");
		List<String> values = List.of("key: value\n---\n- item # not a comment & *alias {braces} [list]",
				"Привет, мир! こんにちは 🚀 ünïcödé — “quotes”", "\"double\" and 'single' quotes", "  leading spaces",
				"trailing newline\n", "", "null", "true", "0x1F", "~", "%TAG ! tag:example.com,2000:", "!!binary aGk=",
				"? complex key", "| block", "> folded", "@reserved `backtick`", "a\tb\r\nc");
		byte[] spec = Specs.named(name, (node) -> {
			var env = node.putArray("env");
			for (int i = 0; i < values.size(); i++) {
				ObjectNode variable = env.addObject();
				variable.put("name", "VALUE_" + i);
				variable.put("value", values.get(i));
			}
		});

		JsonNode result = post("/api/v1/services", "dave", spec).expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		String deployment = remote()
			.file(result.get("commit").asString(), "services/" + name + "/base/deployment.yaml")
			.orElseThrow();
		List<Object> documents = new ArrayList<>();
		new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(deployment).forEach(documents::add);
		assertThat(documents).as("one Deployment, no injected documents").hasSize(1);
		Map<?, ?> container = firstContainer(documents.get(0));
		List<?> env = (List<?>) container.get("env");
		for (int i = 0; i < values.size(); i++) {
			String variable = "VALUE_" + i;
			Map<?, ?> entry = env.stream()
				.map(Map.class::cast)
				.filter((candidate) -> variable.equals(candidate.get("name")))
				.findFirst()
				.orElseThrow();
			assertThat(entry.get("value")).as(variable).isEqualTo(values.get(i));
			assertThat(entry.keySet().stream().map(String::valueOf).toList()).as(variable).containsExactlyInAnyOrder("name", "value");
		}
	}

	@Test
	void viewersMayNeitherPreviewNorSubmit() throws Exception {
		String name = newName("viewed");
		Map<String, String> refsBefore = remote().refs();

		post("/api/v1/services/preview", "victor", Specs.named(name)).expectStatus().isForbidden();
		post("/api/v1/services", "victor", Specs.named(name)).expectStatus().isForbidden();
		assertThat(remote().refs()).isEqualTo(refsBefore);
	}

	@Test
	void aMergedServiceIsListedWithTheReleaseEachEnvironmentDeclares() throws Exception {
		String name = newName("catalog");
		byte[] spec = Specs.named(name, (node) -> ((ObjectNode) node.get("environments").get("staging"))
			.put("imageTag", "1.5.0-rc.1"));
		JsonNode result = post("/api/v1/services", "dave", spec).expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		String changeRequest = result.get("changeRequest").get("id").asString();
		for (String action : List.of("approve", "merge")) {
			this.web.post()
				.uri("/api/v1/change-requests/{id}/{action}", changeRequest, action)
				.headers((headers) -> headers.setBasicAuth("bob", "bob-pw"))
				.exchange()
				.expectStatus()
				.isOk();
		}
		String commit = result.get("commit").asString();

		this.web.get()
			.uri("/api/v1/services/{name}", name)
			.headers((headers) -> headers.setBasicAuth("victor", "victor-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo(name)
			.jsonPath("$.path")
			.isEqualTo("services/" + name)
			.jsonPath("$.templatePack")
			.isEqualTo("goapps@1.0.0")
			.jsonPath("$.environments[0].name")
			.isEqualTo("staging")
			.jsonPath("$.environments[0].overlay")
			.isEqualTo("services/" + name + "/overlays/staging")
			.jsonPath("$.environments[0].imageTag")
			.isEqualTo("1.5.0-rc.1")
			.jsonPath("$.environments[0].commit.id")
			.isEqualTo(commit)
			.jsonPath("$.environments[0].commit.message")
			.isEqualTo("feat(" + name + "): add deployment configuration")
			.jsonPath("$.environments[0].argocd")
			.isEmpty()
			.jsonPath("$.environments[1].name")
			.isEqualTo("production")
			.jsonPath("$.environments[1].imageTag")
			.isEqualTo("1.4.0");
		this.web.get()
			.uri("/api/v1/services")
			.headers((headers) -> headers.setBasicAuth("victor", "victor-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[?(@.name == '" + name + "')].environments[1].commit.id")
			.isEqualTo(List.of(commit));
	}

	@Test
	void aBodyStreamedPastTheLimitIsRefusedWithoutBeingReadWhole() throws Exception {
		Map<String, String> refsBefore = remote().refs();
		// chunked, so no Content-Length announces the size up front
		Flux<DataBuffer> body = Flux.range(0, 80)
			.map((chunk) -> DefaultDataBufferFactory.sharedInstance.wrap(" ".repeat(4096).getBytes(StandardCharsets.UTF_8)));

		this.web.post()
			.uri("/api/v1/services")
			.headers((headers) -> headers.setBasicAuth("dave", "dave-pw"))
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
			.body(body, DataBuffer.class)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(remote().refs()).isEqualTo(refsBefore);
	}

	@Test
	void theOpenApiDocumentDescribesTheSpecAsTheRequestBody() {
		this.web.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.paths['/api/v1/services'].post.requestBody.content['application/json'].schema.$ref")
			.value(String.class, (ref) -> assertThat(ref).endsWith("/ServiceSpec"))
			.jsonPath("$.paths['/api/v1/services/preview'].post.requestBody.content['application/json'].schema.$ref")
			.value(String.class, (ref) -> assertThat(ref).endsWith("/ServiceSpec"))
			.jsonPath("$.components.schemas.ServiceSpec.properties.environments")
			.exists();
	}

	@Test
	void anUnknownServiceIsNotFound() {
		this.web.get()
			.uri("/api/v1/services/{name}", "no-such-service")
			.headers((headers) -> headers.setBasicAuth("victor", "victor-pw"))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private WebTestClient.ResponseSpec post(String path, String user, byte[] body) {
		return this.web.post()
			.uri(path)
			.headers((headers) -> headers.setBasicAuth(user, user + "-pw"))
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
			.bodyValue(body)
			.exchange();
	}

	private static Map<?, ?> firstContainer(Object deployment) {
		Map<?, ?> spec = (Map<?, ?>) ((Map<?, ?>) deployment).get("spec");
		Map<?, ?> template = (Map<?, ?>) spec.get("template");
		Map<?, ?> podSpec = (Map<?, ?>) template.get("spec");
		return (Map<?, ?>) ((List<?>) podSpec.get("containers")).get(0);
	}

}
