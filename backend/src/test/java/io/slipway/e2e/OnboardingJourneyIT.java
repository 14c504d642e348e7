package io.slipway.e2e;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Onboarding from end to end in a real browser against the real application: a developer fills
 * the form (checked field by field as she types, the language detected from the service's own
 * repository), previews the files, the diff and the checks, and opens a change request; an admin
 * approves and merges it; the service then shows on {@code /services} with the image tag of each
 * environment. The infra repository is the embedded one, seeded with two services.
 * <p>
 * With {@code -Dslipway.screenshots=true} each step is saved as a full-page PNG into
 * {@code slipway.screenshots.dir}, for docs/screenshots.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "slipway.security.users[0].name=dana", "slipway.security.users[0].password={noop}dana-builds-42",
				"slipway.security.users[0].roles=developer", "slipway.security.users[1].name=alice",
				"slipway.security.users[1].password={noop}wonderland-42", "slipway.security.users[1].roles=admin" })
// The data directory is deleted after the class: stop the application (H2, Git) first.
@DirtiesContext
class OnboardingJourneyIT extends BrowserJourney {

	private static final String SERVICE = "orders";

	private static final String TITLE = "feat(orders): add deployment configuration";

	@TempDir
	static Path dataDir;

	@TempDir
	static Path seedWorkTree;

	@TempDir
	static Path serviceRepository;

	@DynamicPropertySource
	static void dataDirectory(DynamicPropertyRegistry registry) {
		registry.add("slipway.data-dir", () -> dataDir.toString());
	}

	@BeforeAll
	static void seedTheInfraRepository() throws GitAPIException, IOException, URISyntaxException {
		seedInfraRepository(dataDir, seedWorkTree, "chore: seed the infra repository",
				new PersonIdent("Platform Team", "platform@example.com"));
	}

	@BeforeAll
	static void createTheServicesRepository() throws GitAPIException, IOException {
		Files.writeString(serviceRepository.resolve("package.json"),
				"{\"name\": \"orders\", \"scripts\": {\"start\": \"node server.js\"}}\n", StandardCharsets.UTF_8);
		Files.writeString(serviceRepository.resolve("server.js"), "require('http').createServer().listen(3000);\n",
				StandardCharsets.UTF_8);
		try (Git git = Git.init().setInitialBranch("main").setDirectory(serviceRepository.toFile()).call()) {
			git.add().addFilepattern(".").call();
			PersonIdent dana = new PersonIdent("Dana Developer", "dana@example.com");
			git.commit().setMessage("feat: first order endpoint").setAuthor(dana).setCommitter(dana).setSign(false).call();
		}
	}

	@Test
	void aDeveloperProposesAServiceAndAnAdminMergesIt() {
		this.page.navigate("/");
		signIn("dana", "dana-builds-42");
		navigationLink("Services").click();
		assertThat(heading("Services")).isVisible();
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New service")).click();

		assertThat(this.page).hasURL(url("/services/new"));
		assertThat(heading("New service")).isVisible();
		screenshot("onboarding-form");

		// each field is checked as it is left
		field("Service name").fill("Orders!");
		field("Team").click();
		assertThat(this.page.getByText("Must be a DNS-1035 label")).isVisible();
		screenshot("onboarding-inline-validation");
		field("Service name").fill(SERVICE);
		field("Team").click();
		assertThat(this.page.getByText("Must be a DNS-1035 label")).isHidden();

		field("Source repository URL").fill(serviceRepository.toUri().toString());
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Detect language")).click();
		assertThat(this.page.getByText("Proposed Dockerfile")).isVisible();
		assertThat(field("Source repository").getByText("Node.js", new Locator.GetByTextOptions().setExact(true)))
			.isVisible();
		// detection also picks the language the Dockerfile proposal is written for
		assertThat(field("Language")).hasValue("nodejs");
		assertThat(field("HTTP port")).hasValue("3000");
		screenshot("onboarding-detection");

		field("Team").fill("checkout");
		field("Image repository").fill("ghcr.io/acme/orders");
		field("Metrics port").fill("9090");
		field("staging image tag").fill("1.0.0");
		field("production image tag").fill("1.0.0");
		field("Variable 1 name").fill("LOG_LEVEL");
		field("Variable 1 value").fill("info");
		field("Secret variable 1 name").fill("DATABASE_PASSWORD");
		field("Secret variable 1 secret").fill("orders-db");
		field("Secret variable 1 key").fill("password");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add variable")).click();
		field("Variable 6 name").fill("REGION");
		field("Variable 6 value").fill("eu-central");
		this.page.getByLabel("PostgreSQL, through PgBouncer").check();
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Preview").setExact(true)).click();

		assertThat(this.page).hasURL(url("/services/new/preview"));
		assertThat(heading("Preview of orders")).isVisible();
		Locator checks = this.page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Platform checks"));
		assertThat(checks.getByText("PASS", new Locator.GetByTextOptions().setExact(true)).first()).isVisible();
		assertThat(checks.getByText("FAIL", new Locator.GetByTextOptions().setExact(true))).hasCount(0);
		assertThat(this.page.getByText("services/orders/base/deployment.yaml").first()).isVisible();
		assertThat(this.page.getByText("argocd/apps/production/orders.yaml").first()).isVisible();
		assertThat(this.page.getByText("newTag: 1.0.0").first()).isVisible();
		assertThat(this.page.getByText("eu-central").first()).isVisible();
		screenshot("onboarding-preview", false);
		// the diff's heading at the top of the window, below the sticky navigation bar
		this.page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Changes against main"))
			.evaluate("(heading) => window.scrollTo({ top: heading.getBoundingClientRect().top + window.scrollY - 64,"
					+ " behavior: 'instant' })");
		screenshot("onboarding-preview-diff", false);

		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create change request")).click();

		assertThat(this.page).hasURL(Pattern.compile("/change-requests/\\d+$"));
		String changeRequest = this.page.url();
		assertThat(heading(TITLE + " #")).isVisible();
		assertThat(this.page.getByText("You opened this change request: someone else has to approve it.")).isVisible();
		screenshot("onboarding-change-request", false);
		signOut();

		signIn("alice", "wonderland-42");
		navigationLink("Change requests").click();
		this.page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(TITLE)).click();
		assertThat(this.page).hasURL(changeRequest);
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve")).click();
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Merge into main")).click();
		assertThat(this.page.getByText("Merged", new Page.GetByTextOptions().setExact(true)).first()).isVisible();
		screenshot("onboarding-merged", false);

		navigationLink("Services").click();
		Locator orders = this.page.getByRole(AriaRole.ROW)
			.filter(new Locator.FilterOptions().setHas(this.page.getByRole(AriaRole.ROWHEADER,
					new Page.GetByRoleOptions().setName(SERVICE).setExact(true))));
		assertThat(orders.getByRole(AriaRole.CELL).nth(0)).containsText("1.0.0");
		assertThat(orders.getByRole(AriaRole.CELL).nth(1)).containsText("1.0.0");
		assertThat(orders).containsText("services/orders");
		screenshot("onboarding-services");
	}

	private void signIn(String user, String password) {
		assertThat(this.page).hasURL(Pattern.compile("/login(\\?.*)?$"));
		this.page.getByLabel("User name").fill(user);
		this.page.getByLabel("Password").fill(password);
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		assertThat(this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"))).isVisible();
	}

	private void signOut() {
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
		assertThat(this.page).hasURL(Pattern.compile("/login\\?logout$"));
	}

	private Locator field(String label) {
		return this.page.getByLabel(label, new Page.GetByLabelOptions().setExact(true));
	}

	private Locator navigationLink(String name) {
		return this.page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main navigation"))
			.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(name).setExact(true));
	}

	private Locator heading(String name) {
		return this.page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(name).setLevel(1));
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}



}
