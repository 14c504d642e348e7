package io.slipway.onboarding;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.attoparser.dom.Element;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import static io.slipway.onboarding.HtmlPage.attribute;
import static io.slipway.onboarding.HtmlPage.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The onboarding pages against the running application with its embedded infra repository, as a
 * browser without JavaScript uses them (plain form posts) and as htmx does (the same posts with
 * {@code HX-Request}). Users sign in with HTTP Basic, which needs no CSRF token: {@code dana}
 * (developer), {@code alice} (admin), {@code victor} (viewer). The classes share one context, so
 * every test onboards a service of its own name.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "slipway.data-dir=target/test-data/onboarding-pages-${random.uuid}",
				"spring.datasource.url=jdbc:h2:mem:onboarding-pages-${random.uuid};DB_CLOSE_DELAY=-1",
				"slipway.security.users[0].name=dana", "slipway.security.users[0].password={noop}dana-pw",
				"slipway.security.users[0].roles=developer",
				"slipway.security.users[1].name=alice", "slipway.security.users[1].password={noop}alice-pw",
				"slipway.security.users[1].roles=admin",
				"slipway.security.users[2].name=victor", "slipway.security.users[2].password={noop}victor-pw",
				"slipway.security.users[2].roles=viewer" })
@AutoConfigureWebTestClient(timeout = "30s")
class OnboardingPageTests {

	private static final Pattern CHANGE_REQUEST = Pattern.compile("^/change-requests/(\\d+)$");

	@Autowired
	private WebTestClient client;

	@TempDir
	Path sourceRepository;

	@Test
	void theFormLabelsEveryInputAndStartsFromSensibleDefaults() {
		HtmlPage page = HtmlPage.parse(get("/services/new", "dana"));

		Set<String> inputs = new TreeSet<>();
		page.all("input", (input) -> !"hidden".equals(attribute(input, "type")))
			.forEach((input) -> inputs.add(attribute(input, "id")));
		page.all("select").forEach((select) -> inputs.add(attribute(select, "id")));
		Set<String> labelled = new TreeSet<>();
		page.all("label").forEach((label) -> labelled.add(attribute(label, "for")));
		assertThat(inputs).doesNotContainNull().isNotEmpty();
		assertThat(labelled).containsAll(inputs);

		assertThat(page.labelled("Service name")).isPresent();
		assertThat(value(page, "HTTP port")).isEqualTo("8080");
		assertThat(value(page, "Health path")).isEqualTo("/health");
		assertThat(value(page, "Readiness path")).isEqualTo("/ready");
		assertThat(value(page, "Minimum replicas")).isEqualTo("1");
		assertThat(value(page, "Maximum replicas")).isEqualTo("5");
		assertThat(value(page, "staging replicas")).isEqualTo("1");
		assertThat(value(page, "production replicas")).isEqualTo("2");
		assertThat(value(page, "production CPU limit")).isEqualTo("1");
		assertThat(value(page, "staging memory request")).isEqualTo("128Mi");
		assertThat(page.labelled("Variable 5 value")).as("five blank variable rows").isPresent();
		assertThat(page.labelled("Variable 6 value")).isEmpty();
		assertThat(page.labelled("Secret variable 3 key")).isPresent();
		assertThat(page.labelled("Source repository URL")).isPresent();
		assertThat(page.labelled("Template pack").map((select) -> options(select))).hasValue(List.of("goapps", "packages"));
		assertThat(page.labelled("Component").map((select) -> options(select)))
			.hasValue(List.of("backend", "frontend", "worker"));
		assertThat(page.all("button").stream().map(HtmlPage::text)).contains("Preview", "Detect language",
				"Add variable", "Add secret variable");
	}

	@Test
	void onlyDevelopersAndAdminsAreOfferedANewService() {
		assertThat(HtmlPage.parse(get("/services", "dana")).all("a").stream().map(HtmlPage::text))
			.contains("New service");
		assertThat(HtmlPage.parse(get("/services", "victor")).all("a").stream().map(HtmlPage::text))
			.doesNotContain("New service");
		this.client.get().uri("/services/new").headers((headers) -> headers.setBasicAuth("victor", "victor-pw"))
			.exchange()
			.expectStatus().isForbidden();
	}

	@Test
	void withoutJavaScriptAProblemShowsNextToItsFieldAndEveryValueIsKept() {
		MultiValueMap<String, String> form = spec("Orders_1");
		form.set("ports.http", "80a");
		form.set("environments.production.imageTag", "latest");
		form.set("env[2].name", "REGION");
		form.set("env[2].value", "eu-west-1");
		form.set("env[4].name", "1BAD");

		String html = post("/services/new/preview", "dana", form).expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();

		HtmlPage page = HtmlPage.parse(html);
		assertThat(text(page.get("e-name"))).startsWith("Must be a DNS-1035 label");
		assertThat(attribute(page.labelled("Service name").orElseThrow(), "aria-invalid")).isEqualTo("true");
		assertThat(text(page.get("e-ports-http"))).isNotEmpty();
		assertThat(text(page.get("e-environments-production-imageTag"))).contains("latest");
		// the fifth row of the form is the second variable of the spec: its message stays with it
		assertThat(text(page.get("e-env-4--name"))).isNotEmpty();
		assertThat(text(page.get("e-env-2--name"))).isEmpty();
		assertThat(text(page.get("e-team"))).isEmpty();
		assertThat(value(page, "Service name")).isEqualTo("Orders_1");
		assertThat(value(page, "HTTP port")).isEqualTo("80a");
		assertThat(value(page, "Variable 3 value")).isEqualTo("eu-west-1");
		assertThat(attribute(page.get("f-dependencies-postgres"), "checked")).isNotNull();
		assertThat(text(page.get("onb-problems"))).contains("4 problems", "ports.http", "env[2].name");
	}

	@Test
	void inlineValidationAnswersForTheFieldThatChangedAndClearsFixedOnes() {
		MultiValueMap<String, String> form = spec("Bad Name");
		form.set("team", "");

		String html = this.client.post().uri("/services/new/validate")
			.headers((headers) -> headers.setBasicAuth("dana", "dana-pw"))
			.header("HX-Request", "true")
			.header("HX-Trigger-Name", "name")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(form))
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();

		HtmlPage answer = HtmlPage.parse(html);
		assertThat(attribute(answer.get("e-name"), "hx-swap-oob")).isEqualTo("true");
		assertThat(text(answer.get("e-name"))).startsWith("Must be a DNS-1035 label");
		// the empty team is a problem, but not the one the developer is working on
		assertThat(answer.byId("e-team")).isEmpty();
		assertThat(text(answer.get("e-healthPath"))).isEmpty();
		assertThat(answer.all("input")).isEmpty();
	}

	@Test
	void thePreviewShowsEveryFileTheDiffAndTheChecksBeforeAnythingIsWritten() {
		String html = post("/services/new/preview", "dana", spec("ledger")).expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();

		HtmlPage page = HtmlPage.parse(html);
		assertThat(text(page.all("h1").get(0))).isEqualTo("Preview of ledger");
		List<String> files = page.all("details", (details) -> attribute(details, "class").contains("onb-file"))
			.stream()
			.map((details) -> text(details.getFirstChildOfType(Element.class)))
			.toList();
		assertThat(files).anyMatch((file) -> file.startsWith("services/ledger/base/deployment.yaml"))
			.anyMatch((file) -> file.startsWith("services/ledger/overlays/production/kustomization.yaml"))
			.anyMatch((file) -> file.startsWith("argocd/apps/staging/ledger.yaml"));
		assertThat(page.all("tr", (row) -> "diff-added".equals(attribute(row, "class"))))
			.anyMatch((row) -> text(row).contains("newTag: 1.0.0"));
		List<Element> checks = page.all("tr", (row) -> String.valueOf(attribute(row, "class")).startsWith("onb-check-"));
		assertThat(checks).isNotEmpty().allMatch((row) -> text(row).startsWith("PASS"));
		assertThat(html).contains("name=\"environments.production.resources.limits.memory\" value=\"1Gi\"");
		assertThat(page.all("button").stream().map(HtmlPage::text)).contains("Create change request", "Change the spec");
		this.client.get().uri("/api/v1/change-requests").headers((headers) -> headers.setBasicAuth("dana", "dana-pw"))
			.exchange()
			.expectBody(String.class).value((body) -> assertThat(body).doesNotContain("ledger"));
	}

	@Test
	void creatingTheChangeRequestLandsOnItAndASecondAttemptIsRefusedOnTheForm() {
		String location = post("/services/new", "dana", spec("invoices")).expectStatus().is3xxRedirection()
			.returnResult(Void.class).getResponseHeaders().getLocation().toString();

		Matcher changeRequest = CHANGE_REQUEST.matcher(location);
		assertThat(changeRequest.matches()).as(location).isTrue();
		HtmlPage detail = HtmlPage.parse(get(location, "dana"));
		assertThat(text(detail.all("h1").get(0))).contains("feat(invoices): add deployment configuration");

		EntityExchangeResult<String> again = post("/services/new", "dana", spec("invoices"))
			.expectStatus().isEqualTo(HttpStatus.CONFLICT)
			.expectBody(String.class).returnResult();
		HtmlPage form = HtmlPage.parse(again.getResponseBody());
		assertThat(text(form.get("e-name"))).contains("invoices");
		assertThat(value(form, "Service name")).isEqualTo("invoices");
	}

	@Test
	void backFromThePreviewEveryValueIsInTheFormAgain() {
		MultiValueMap<String, String> form = spec("catalog");
		form.set("env[3].name", "FEATURE_FLAGS");
		form.set("env[3].value", "a=b: c # d");

		HtmlPage page = HtmlPage.parse(post("/services/new/edit", "dana", form).expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody());

		assertThat(value(page, "Service name")).isEqualTo("catalog");
		assertThat(value(page, "Variable 4 value")).isEqualTo("a=b: c # d");
		assertThat(value(page, "production image tag")).isEqualTo("1.0.0");
		assertThat(attribute(page.get("f-dependencies-postgres"), "checked")).isNotNull();
	}

	@Test
	void withoutJavaScriptAddVariableGivesOneMoreRow() {
		MultiValueMap<String, String> form = spec("search");
		form.add("addRow", "env");

		HtmlPage page = HtmlPage.parse(post("/services/new/edit", "dana", form).expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody());

		assertThat(page.labelled("Variable 6 name")).isPresent();
		assertThat(page.labelled("Variable 7 name")).isEmpty();
	}

	@Test
	void withHtmxAddVariableAppendsTheRowAndAsksForTheNextOneNextTime() {
		String html = this.client.get().uri("/services/new/rows?table=env&index=5")
			.headers((headers) -> headers.setBasicAuth("dana", "dana-pw"))
			.header("HX-Request", "true")
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();

		HtmlPage answer = HtmlPage.parse(html);
		assertThat(answer.labelled("Variable 6 name")).isPresent();
		Element button = answer.get("onb-add-env");
		assertThat(attribute(button, "hx-swap-oob")).isEqualTo("true");
		assertThat(attribute(button, "hx-get")).endsWith("index=6");
	}

	@Test
	void detectingTheLanguageFillsInThePortAndProposesADockerfile() throws Exception {
		String url = repositoryWith("package.json", "{\"name\": \"web\", \"scripts\": {\"start\": \"node server.js\"}}");
		MultiValueMap<String, String> form = spec("storefront");
		form.set("sourceRepository", url);

		HtmlPage page = HtmlPage.parse(post("/services/new/detect", "dana", form).expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody());

		assertThat(text(page.get("onb-detection"))).contains("Node.js", "package.json", "3000");
		assertThat(value(page, "HTTP port")).isEqualTo("3000");
		assertThat(value(page, "Service name")).as("the rest of the form is kept").isEqualTo("storefront");
		assertThat(page.all("pre").stream().map(HtmlPage::text)).anyMatch((dockerfile) -> dockerfile.contains("FROM")
				&& dockerfile.contains("HEALTHCHECK") && dockerfile.contains("USER"));

		HtmlPage fragment = HtmlPage.parse(this.client.post().uri("/services/new/detect")
			.headers((headers) -> headers.setBasicAuth("dana", "dana-pw"))
			.header("HX-Request", "true")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(form))
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody());
		assertThat(fragment.byId("onb-form")).as("a fragment, not the page").isEmpty();
		assertThat(text(fragment.get("onb-detection"))).contains("Node.js");
		assertThat(attribute(fragment.get("onb-ports"), "hx-swap-oob")).isEqualTo("true");
		assertThat(value(fragment, "HTTP port")).isEqualTo("3000");
		assertThat(selected(fragment, "Language")).as("the detected language goes into the spec").isEqualTo("nodejs");
		assertThat(selected(page, "Language")).isEqualTo("nodejs");

		// so the packages pack's preview holds the Dockerfile for it
		form.set("language", selected(page, "Language"));
		form.set("templatePack", "packages");
		form.set("ports.http", value(page, "HTTP port"));
		String preview = post("/services/new/preview", "dana", form).expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(preview).contains("packages/storefront/Dockerfile", "HEALTHCHECK", "EXPOSE 3000");
	}

	private static String selected(HtmlPage page, String label) {
		Element select = page.labelled(label).orElseThrow(() -> new AssertionError("no select labelled " + label));
		return select.getChildrenOfType(Element.class)
			.stream()
			.filter((option) -> attribute(option, "selected") != null)
			.map((option) -> attribute(option, "value"))
			.findFirst()
			.orElse("");
	}

	@Test
	void aRepositoryThatCannotBeReadIsSaidSoOnTheForm() {
		MultiValueMap<String, String> form = spec("storefront");
		form.set("sourceRepository", "ftp://example.com/repo.git");

		HtmlPage page = HtmlPage.parse(post("/services/new/detect", "dana", form).expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody());

		assertThat(text(page.get("onb-detection"))).contains("The repository could not be read", "ftp://");
		assertThat(value(page, "HTTP port")).isEqualTo("8080");
	}

	@Test
	void servicesListTheReleaseEachEnvironmentDeclaresOnceMerged() {
		MultiValueMap<String, String> form = spec("billing");
		form.set("environments.staging.imageTag", "2.1.0-rc.1");
		form.set("environments.production.imageTag", "2.0.3");
		String location = post("/services/new", "dana", form).expectStatus().is3xxRedirection()
			.returnResult(Void.class).getResponseHeaders().getLocation().toString();
		post(location + "/approve", "alice", new LinkedMultiValueMap<>()).expectStatus().is3xxRedirection();
		post(location + "/merge", "alice", new LinkedMultiValueMap<>()).expectStatus().is3xxRedirection();

		HtmlPage page = HtmlPage.parse(get("/services", "victor"));

		Element row = page.all("tr").stream()
			.filter((candidate) -> !candidate.getChildrenOfType(Element.class).isEmpty()
					&& text(candidate.getChildrenOfType(Element.class).get(0)).equals("billing"))
			.findFirst()
			.orElseThrow();
		List<String> cells = row.getChildrenOfType(Element.class).stream().map(HtmlPage::text).toList();
		List<String> columns = page.all("th", (header) -> "col".equals(attribute(header, "scope")))
			.stream()
			.map(HtmlPage::text)
			.toList();
		assertThat(columns).containsExactly("Service", "staging", "production", "Path in Git", "Template pack");
		assertThat(cells.get(1)).startsWith("2.1.0-rc.1 ").containsPattern("[0-9a-f]{7} \\d{4}-\\d\\d-\\d\\d");
		assertThat(cells.get(2)).startsWith("2.0.3 ");
		assertThat(cells.get(3)).isEqualTo("services/billing");
		assertThat(cells.get(4)).startsWith("goapps@");
	}

	private String repositoryWith(String file, String content) throws IOException, GitAPIException {
		Files.writeString(this.sourceRepository.resolve(file), content, StandardCharsets.UTF_8);
		try (Git git = Git.init().setInitialBranch("main").setDirectory(this.sourceRepository.toFile()).call()) {
			git.add().addFilepattern(".").call();
			git.commit().setMessage("initial").setAuthor("dev", "dev@example.com")
				.setCommitter("dev", "dev@example.com").setSign(false).call();
		}
		return this.sourceRepository.toUri().toString();
	}

	/** A spec that passes every rule, as the form posts it. */
	static MultiValueMap<String, String> spec(String name) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("name", name);
		form.add("team", "checkout");
		form.add("component", "backend");
		form.add("image", "ghcr.io/acme/" + name.toLowerCase());
		form.add("templatePack", "goapps");
		form.add("ingressHost", "");
		form.add("ports.http", "8080");
		form.add("ports.grpc", "");
		form.add("ports.metrics", "9090");
		form.add("healthPath", "/health");
		form.add("readyPath", "/ready");
		form.add("hpa.min", "1");
		form.add("hpa.max", "5");
		form.add("hpa.cpu", "70");
		form.add("hpa.memory", "80");
		environment(form, "staging", "1", "100m", "128Mi", "500m", "512Mi");
		environment(form, "production", "2", "200m", "256Mi", "1", "1Gi");
		form.add("env[0].name", "LOG_LEVEL");
		form.add("env[0].value", "info");
		form.add("env[1].name", "");
		form.add("env[1].value", "");
		form.add("secretEnv[0].name", "DATABASE_PASSWORD");
		form.add("secretEnv[0].secret", "postgres-secret");
		form.add("secretEnv[0].key", "POSTGRES_PASSWORD");
		form.add("dependencies", "postgres");
		return form;
	}

	private static void environment(MultiValueMap<String, String> form, String environment, String replicas,
			String requestsCpu, String requestsMemory, String limitsCpu, String limitsMemory) {
		String prefix = "environments." + environment + ".";
		form.add(prefix + "replicas", replicas);
		form.add(prefix + "imageTag", "1.0.0");
		form.add(prefix + "resources.requests.cpu", requestsCpu);
		form.add(prefix + "resources.requests.memory", requestsMemory);
		form.add(prefix + "resources.limits.cpu", limitsCpu);
		form.add(prefix + "resources.limits.memory", limitsMemory);
	}

	private static String value(HtmlPage page, String label) {
		return attribute(page.labelled(label).orElseThrow(() -> new AssertionError("no input labelled " + label)),
				"value");
	}

	private static List<String> options(Element select) {
		return select.getChildrenOfType(Element.class).stream().map((option) -> attribute(option, "value")).toList();
	}

	private String get(String path, String user) {
		return this.client.get().uri(path).headers((headers) -> headers.setBasicAuth(user, user + "-pw"))
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
	}

	private WebTestClient.ResponseSpec post(String path, String user, MultiValueMap<String, String> form) {
		Consumer<org.springframework.http.HttpHeaders> basic = (headers) -> headers.setBasicAuth(user, user + "-pw");
		return this.client.post().uri(path).headers(basic)
			.accept(MediaType.TEXT_HTML)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(form))
			.exchange();
	}

}
