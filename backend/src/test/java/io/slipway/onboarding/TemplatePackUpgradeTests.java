package io.slipway.onboarding;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.slipway.gitops.CommitRequest;
import io.slipway.gitops.CommitResult;
import io.slipway.gitops.GitOpsRepository;
import io.slipway.platform.Environments;
import io.slipway.templates.RenderedFile;
import io.slipway.templates.TemplatePacks;
import org.eclipse.jgit.diff.DiffEntry.ChangeType;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upgrading services to a template pack's new version, against the running application and its
 * real infra repository. Services are written at the built-in packs' version 1.0.0, as onboarding
 * wrote them; the application's packs are test copies at 1.1.0 ({@code onboarding/template-packs}):
 * {@code goapps} adds {@code base/pdb.yaml}, sets replicas in {@code patches/resources.yaml} and no
 * longer writes {@code patches/replicas.yaml}; {@code packages} drops the readiness probe, which
 * breaks a platform rule. Users (HTTP Basic, password = name + {@code -pw}): {@code dave}
 * (developer), {@code bob} (approver), {@code victor} (viewer).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "slipway.data-dir=target/test-data/template-pack-upgrade-${random.uuid}",
				"spring.datasource.url=jdbc:h2:mem:template-pack-upgrade-${random.uuid};DB_CLOSE_DELAY=-1",
				"slipway.security.users[0].name=dave", "slipway.security.users[0].password={noop}dave-pw",
				"slipway.security.users[0].roles=developer",
				"slipway.security.users[1].name=bob", "slipway.security.users[1].password={noop}bob-pw",
				"slipway.security.users[1].roles=approver",
				"slipway.security.users[2].name=victor", "slipway.security.users[2].password={noop}victor-pw",
				"slipway.security.users[2].roles=viewer" })
@AutoConfigureWebTestClient(timeout = "30s")
class TemplatePackUpgradeTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final AtomicInteger names = new AtomicInteger();

	private static final String BRANCH = "chore/upgrade-goapps-1.1.0";

	@TestBean
	private TemplatePacks templatePacks;

	@Autowired
	private WebTestClient web;

	@Autowired
	private GitOpsRepository gitOps;

	@Autowired
	private ServiceSpecReader reader;

	@Autowired
	private Environments environments;

	@Value("${slipway.data-dir}")
	private Path dataDir;

	static TemplatePacks templatePacks() {
		try {
			return TemplatePacks.fromDirectory(
					Path.of(TemplatePackUpgradeTests.class.getResource("/onboarding/template-packs").toURI()));
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void anUpgradeIsProposedInOneChangeRequestThenMergedAndTheRestFollowsFromThePage() throws Exception {
		String first = newName("ledger");
		String second = newName("invoices");
		String untouched = newName("receipts");
		seed(first, second, untouched);
		// a promotion moved first's production past what its record says
		promote(first, "production", "1.5.0");

		JsonNode goapps = pack(listPacks("victor"), "goapps");
		assertThat(goapps.get("version").asString()).isEqualTo("1.1.0");
		assertThat(outdated(goapps, first).get("version").asString()).isEqualTo("1.0.0");
		assertThat(outdated(goapps, first).get("problem").isNull()).isTrue();
		assertThat(outdated(goapps, untouched)).isNotNull();
		String mainBefore = remote().tip("main").orElseThrow();

		JsonNode result = upgrade("goapps", "dave", "{\"services\": [\"" + first + "\", \"" + second + "\"]}")
			.expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		// one commit on the upgrade branch, main untouched
		assertThat(result.get("branch").asString()).isEqualTo(BRANCH);
		String commit = result.get("commit").asString();
		assertThat(remote().tip("main")).contains(mainBefore);
		assertThat(remote().tip(BRANCH)).contains(commit);
		List<RevCommit> ahead = remote().commitsAhead("main", BRANCH);
		assertThat(ahead).hasSize(1);
		assertThat(ahead.get(0).getShortMessage()).isEqualTo("chore(templates): upgrade 2 services to goapps@1.1.0");
		assertThat(ahead.get(0).getFullMessage()).contains("Requested-By: dave");

		// it touches only the two services' generated files: the new one added, the dropped one deleted
		Map<String, ChangeType> changes = remote().changes(commit);
		assertThat(changes.keySet()).allMatch((path) -> path.startsWith("services/" + first + "/")
				|| path.startsWith("services/" + second + "/") || path.endsWith("/" + first + ".yaml")
				|| path.endsWith("/" + second + ".yaml"));
		for (String service : List.of(first, second)) {
			assertThat(changes).containsEntry("services/" + service + "/base/pdb.yaml", ChangeType.ADD)
				.containsEntry("services/" + service + "/overlays/staging/patches/replicas.yaml", ChangeType.DELETE)
				.containsEntry("services/" + service + "/overlays/production/patches/replicas.yaml", ChangeType.DELETE)
				.containsEntry("services/" + service + "/base/deployment.yaml", ChangeType.MODIFY)
				.containsEntry("services/" + service + "/slipway.yaml", ChangeType.MODIFY);
		}

		// stored values are kept: replicas from the spec, tags as the overlays declare them
		String production = remote().file(commit, "services/" + first + "/overlays/production/kustomization.yaml")
			.orElseThrow();
		assertThat(production).contains("newTag: 1.5.0").contains("# Generated by Slipway from template pack goapps@1.1.0.");
		assertThat(remote().file(commit, "services/" + first + "/overlays/staging/kustomization.yaml").orElseThrow())
			.contains("newTag: 1.4.0");
		assertThat(remote().file(commit, "services/" + first + "/overlays/production/patches/resources.yaml")
			.orElseThrow()).contains("replicas: 3");
		assertThat(remote().file(commit, "services/" + second + "/overlays/staging/patches/resources.yaml")
			.orElseThrow()).contains("replicas: 1");
		assertThat(remote().file(commit, "services/" + first + "/slipway.yaml").orElseThrow())
			.contains("version: 1.1.0")
			.doesNotContain("patches/replicas.yaml");
		JsonNode upgradedFirst = result.get("services").get(0);
		assertThat(upgradedFirst.get("name").asString()).isEqualTo(first);
		assertThat(upgradedFirst.get("from").asString()).isEqualTo("1.0.0");
		assertThat(upgradedFirst.get("keptImageTags").get("production").asString()).isEqualTo("1.5.0");
		assertThat(upgradedFirst.get("deleted").valueStream().map(JsonNode::asString))
			.contains("services/" + first + "/overlays/production/patches/replicas.yaml");

		// the change request lists every service, its files and checks, and asks for a review of the diff
		String changeRequest = result.get("changeRequest").get("id").asString();
		assertThat(result.get("changeRequest").get("url").asString()).isEqualTo("/change-requests/" + changeRequest);
		JsonNode proposed = getJson("/api/v1/change-requests/" + changeRequest, "victor");
		assertThat(proposed.get("title").asString()).isEqualTo("chore(templates): upgrade 2 services to goapps@1.1.0");
		assertThat(proposed.get("sourceBranch").asString()).isEqualTo(BRANCH);
		assertThat(proposed.get("body").asString()).contains(first + " (1.0.0 -> 1.1.0)")
			.contains(second + " (1.0.0 -> 1.1.0)")
			.contains("services/" + first + "/base/pdb.yaml")
			.contains("Deleted:")
			.contains("PASS  probes")
			.contains("Review the diff")
			.contains("production 1.5.0")
			.doesNotContain(untouched);

		// audited
		JsonNode audit = getJson("/api/v1/audit?action=template-pack.upgrade-proposed&actor=dave", "victor");
		assertThat(audit.valueStream().map((entry) -> entry.get("subject").asString())).contains("template-pack/goapps");

		// while it is open, a second upgrade to the same version is refused and writes nothing
		Map<String, String> refs = remote().refs();
		upgrade("goapps", "dave", "").expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).contains("change request #" + changeRequest));
		assertThat(remote().refs()).isEqualTo(refs);

		// an approver merges it: the two services are current, the third still behind
		post("/api/v1/change-requests/" + changeRequest + "/approve", "bob").expectStatus().isOk();
		post("/api/v1/change-requests/" + changeRequest + "/merge", "bob").expectStatus().isOk();
		this.gitOps.refresh().block(WAIT);
		goapps = pack(listPacks("victor"), "goapps");
		assertThat(goapps.get("outdated").valueStream().map((entry) -> entry.get("name").asString()))
			.doesNotContain(first, second)
			.contains(untouched);
		assertThat(goapps.get("services").valueStream()
			.filter((entry) -> entry.get("name").asString().equals(first))
			.map((entry) -> entry.get("version").asString())).containsExactly("1.1.0");

		// the page proposes the rest: the same branch is free again once merged
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("services", untouched);
		String location = this.web.post()
			.uri("/template-packs/goapps/upgrade")
			.headers((headers) -> headers.setBasicAuth("dave", "dave-pw"))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(form))
			.exchange()
			.expectStatus()
			.isSeeOther()
			.returnResult(Void.class)
			.getResponseHeaders()
			.getLocation()
			.toString();
		assertThat(location).matches("/change-requests/\\d+").isNotEqualTo("/change-requests/" + changeRequest);
		assertThat(remote().commitsAhead("main", BRANCH)).singleElement()
			.satisfies((only) -> assertThat(only.getShortMessage())
				.isEqualTo("chore(templates): upgrade 1 service to goapps@1.1.0"));
	}

	@Test
	void aReRenderThatBreaksAPlatformRuleIsRefusedNamingTheServiceAndTheRule() throws Exception {
		String service = newName("scanner");
		seed(service, (spec) -> spec.put("templatePack", "packages"));
		Map<String, String> refs = remote().refs();

		upgrade("packages", "dave", "{\"services\": [\"" + service + "\"]}").expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("services." + service)
			.jsonPath("$.errors[0].message")
			.value(String.class, (message) -> assertThat(message).contains("packages@1.1.0").contains("probes"))
			.jsonPath("$.checks[0].service")
			.isEqualTo(service)
			.jsonPath("$.checks[0].rule")
			.isEqualTo("probes");
		assertThat(remote().refs()).isEqualTo(refs);

		// the page says the same and writes nothing either
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("services", service);
		String page = this.web.post()
			.uri("/template-packs/packages/upgrade")
			.headers((headers) -> headers.setBasicAuth("dave", "dave-pw"))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(form))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		List<String> alerts = HtmlPage.parse(page)
			.all("div", (element) -> "alert".equals(HtmlPage.attribute(element, "role")))
			.stream()
			.map(HtmlPage::text)
			.toList();
		assertThat(alerts).anySatisfy((alert) -> assertThat(alert).contains("Nothing was written")
			.contains("probes"));
		assertThat(remote().refs()).isEqualTo(refs);
	}

	@Test
	void handWrittenServicesAreNotListedAndUnreadableRecordsCannotBeUpgraded() throws Exception {
		String handWritten = newName("legacy");
		String broken = newName("mangled");
		commit(CommitRequest.builder("chore: services written by hand")
			.put("services/" + handWritten + "/base/kustomization.yaml", "resources: []\n")
			.put("services/" + broken + "/base/kustomization.yaml", "resources: []\n")
			.put("services/" + broken + "/slipway.yaml", "kind: Something\nvalues: [1, 2]\n")
			.build());

		JsonNode goapps = pack(listPacks("victor"), "goapps");
		assertThat(goapps.get("services").valueStream().map((entry) -> entry.get("name").asString()))
			.doesNotContain(handWritten, broken);
		assertThat(goapps.get("outdated").valueStream().map((entry) -> entry.get("name").asString()))
			.doesNotContain(handWritten);
		JsonNode unreadable = outdated(goapps, broken);
		assertThat(unreadable.get("version").isNull()).isTrue();
		assertThat(unreadable.get("problem").asString()).startsWith("cannot upgrade: ")
			.contains("services/" + broken + "/slipway.yaml")
			.contains("not a render record");

		Map<String, String> refs = remote().refs();
		upgrade("goapps", "dave", "{\"services\": [\"" + broken + "\", \"" + handWritten + "\"]}").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("services[0]")
			.jsonPath("$.errors[0].message")
			.value(String.class, (message) -> assertThat(message).contains("cannot upgrade"))
			.jsonPath("$.errors[1].field")
			.isEqualTo("services[1]");
		assertThat(remote().refs()).isEqualTo(refs);
	}

	@Test
	void requestsThatCannotBeReadAreRefusedPerField() throws Exception {
		Map<String, String> refs = remote().refs();
		upgrade("goapps", "dave", "{\"services\": \"all\"}").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("services");
		upgrade("goapps", "dave", "{\"services\": [], \"force\": true}").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("force");
		upgrade("goapps", "dave", "{\"services\": []}").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("services");
		upgrade("no-such-pack", "dave", "").expectStatus().isNotFound();
		assertThat(remote().refs()).isEqualTo(refs);
	}

	@Test
	void viewersMayListButNotUpgrade() throws Exception {
		Map<String, String> refs = remote().refs();
		upgrade("goapps", "victor", "").expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("role developer or admin required for POST /api/v1/template-packs/goapps/upgrade");
		assertThat(remote().refs()).isEqualTo(refs);

		HtmlPage page = HtmlPage.parse(getPage("/template-packs", "victor"));
		assertThat(page.all("h2").stream().map(HtmlPage::text)).anySatisfy((heading) -> assertThat(heading)
			.contains("goapps")
			.contains("1.1.0"));
		assertThat(page.all("button").stream().map(HtmlPage::text)).noneMatch((label) -> label.contains("Propose upgrade"));
	}

	@Test
	void thePageListsEachPackWithTheServicesBehindItAndOffersTheUpgradeToDevelopers() throws Exception {
		String service = newName("catalogue");
		seed(service);

		HtmlPage page = HtmlPage.parse(getPage("/template-packs", "dave"));

		assertThat(page.all("a").stream().map(HtmlPage::text)).contains("Template packs");
		assertThat(page.all("caption").stream().map(HtmlPage::text)).contains("Services behind goapps@1.1.0");
		assertThat(page.all("input", (input) -> service.equals(HtmlPage.attribute(input, "value"))))
			.singleElement()
			.satisfies((box) -> {
				assertThat(HtmlPage.attribute(box, "type")).isEqualTo("checkbox");
				assertThat(HtmlPage.attribute(box, "aria-label")).isEqualTo("Upgrade " + service);
			});
		assertThat(page.all("button").stream().map(HtmlPage::text)).contains("Propose upgrade to goapps@1.1.0");
	}

	// --- seeding services as onboarding at version 1.0.0 wrote them

	private void seed(String... services) {
		CommitRequest.Builder request = CommitRequest.builder("feat: services rendered with the built-in packs");
		for (String service : services) {
			rendered(service, (spec) -> {
			}).forEach((file) -> request.put(file.path(), file.content()));
		}
		commit(request.build());
	}

	private void seed(String service, Consumer<ObjectNode> edit) {
		CommitRequest.Builder request = CommitRequest.builder("feat(" + service + "): add deployment configuration");
		rendered(service, edit).forEach((file) -> request.put(file.path(), file.content()));
		commit(request.build());
	}

	private List<RenderedFile> rendered(String service, Consumer<ObjectNode> edit) {
		ServiceSpec spec = this.reader.read(Specs.named(service, edit));
		Map<String, Object> values = ServiceValues.of(spec, this.environments.all(),
				ServiceValues.platform("https://git.example.com/acme/infra.git"));
		List<RenderedFile> files = TemplatePacks.builtIn().get(spec.templatePack()).render(values);
		assertThat(files).anySatisfy((file) -> assertThat(file.content()).contains("@1.0.0"));
		return files;
	}

	/** What a promotion does: the overlay's image tag changes, the render record does not. */
	private void promote(String service, String environment, String tag) {
		commit(CommitRequest.builder("chore(" + service + "): promote " + tag + " to " + environment)
			.update("services/" + service + "/overlays/" + environment + "/kustomization.yaml",
					(content) -> content.replaceFirst("newTag: \\S+", "newTag: " + tag))
			.build());
	}

	private void commit(CommitRequest request) {
		CommitResult result = this.gitOps.commit(request).block(WAIT);
		assertThat(result.committed()).isTrue();
	}

	// --- calls

	private static String newName(String prefix) {
		return prefix + "-" + names.incrementAndGet();
	}

	private InfraRemote remote() {
		return new InfraRemote(this.dataDir);
	}

	private WebTestClient.ResponseSpec upgrade(String pack, String user, String body) {
		WebTestClient.RequestBodySpec request = this.web.post()
			.uri("/api/v1/template-packs/{pack}/upgrade", pack)
			.headers((headers) -> headers.setBasicAuth(user, user + "-pw"));
		return body.isEmpty() ? request.exchange()
				: request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	private WebTestClient.ResponseSpec post(String path, String user) {
		return this.web.post().uri(path).headers((headers) -> headers.setBasicAuth(user, user + "-pw")).exchange();
	}

	private JsonNode listPacks(String user) {
		return getJson("/api/v1/template-packs", user);
	}

	private JsonNode getJson(String path, String user) {
		return this.web.get()
			.uri(path)
			.headers((headers) -> headers.setBasicAuth(user, user + "-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private String getPage(String path, String user) {
		return this.web.get()
			.uri(path)
			.headers((headers) -> headers.setBasicAuth(user, user + "-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	private static JsonNode pack(JsonNode packs, String name) {
		return packs.valueStream()
			.filter((pack) -> pack.get("name").asString().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no pack " + name + " in " + packs));
	}

	private static JsonNode outdated(JsonNode pack, String service) {
		return pack.get("outdated")
			.valueStream()
			.filter((entry) -> entry.get("name").asString().equals(service))
			.findFirst()
			.orElseThrow(() -> new AssertionError(service + " is not listed as outdated in " + pack));
	}

}
