package io.slipway.e2e;

import java.io.IOException;
import java.net.URISyntaxException;
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
 * A person signs in, checks that Slipway reaches Git, looks around and signs out, in a real
 * browser against the real application with its embedded defaults: H2 and the bare infra
 * repository {@code infra.git} in a fresh data directory, which this test fills with two
 * services before the application starts.
 * <p>
 * With {@code -Dslipway.screenshots=true} every page visited is saved as a full-page PNG into
 * {@code slipway.screenshots.dir}, for docs/screenshots.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "slipway.security.users[0].name=alice", "slipway.security.users[0].password={noop}wonderland-42",
				"slipway.security.users[0].roles=admin" })
// The data directory is deleted after the class: stop the application (H2, Git) first.
@DirtiesContext
class SignInAndNavigateIT extends BrowserJourney {

	private static final String USER = "alice";

	private static final String PASSWORD = "wonderland-42";

	private static final String SEED_COMMIT = "feat(payments): add deployment configuration";

	@TempDir
	static Path dataDir;

	@TempDir
	static Path seedWorkTree;

	@DynamicPropertySource
	static void dataDirectory(DynamicPropertyRegistry registry) {
		registry.add("slipway.data-dir", () -> dataDir.toString());
	}

	@BeforeAll
	static void seedTheInfraRepository() throws GitAPIException, IOException, URISyntaxException {
		seedInfraRepository(dataDir, seedWorkTree, SEED_COMMIT, new PersonIdent("Dana Developer", "dana@example.com"));
	}

	@Test
	void signsInSeesGitConnectedVisitsEveryPageAndSignsOut() {
		this.page.navigate("/");
		assertThat(this.page).hasURL(Pattern.compile("/login$"));
		screenshot("login");

		signIn(PASSWORD);

		assertThat(this.page).hasURL(url("/"));
		assertThat(heading("Overview")).isVisible();
		assertThat(this.page.getByText(USER, new Page.GetByTextOptions().setExact(true))).isVisible();
		assertThat(panel("Git").getByText("Connected", new Locator.GetByTextOptions().setExact(true))).isVisible();
		assertThat(panel("Git")).containsText(SEED_COMMIT);
		assertThat(panel("Services in Git on main")).containsText("2");
		assertThat(panel("Argo CD").getByText("Not connected", new Locator.GetByTextOptions().setExact(true)))
			.isVisible();
		assertThat(panel("Kubernetes").getByText("Not connected", new Locator.GetByTextOptions().setExact(true)))
			.isVisible();
		screenshot("overview");

		visit("Services", "/services", "Services");
		Locator payments = this.page.getByRole(AriaRole.ROW)
			.filter(new Locator.FilterOptions().setHas(this.page.getByRole(AriaRole.ROWHEADER,
					new Page.GetByRoleOptions().setName("payments").setExact(true))));
		// one column per environment, holding the image tag its overlay declares
		assertThat(payments.getByRole(AriaRole.CELL).nth(0)).containsText("1.4.0");
		assertThat(payments.getByRole(AriaRole.CELL).nth(1)).containsText("1.4.0");
		Locator storefront = this.page.getByRole(AriaRole.ROW)
			.filter(new Locator.FilterOptions().setHas(this.page.getByRole(AriaRole.ROWHEADER,
					new Page.GetByRoleOptions().setName("storefront").setExact(true))));
		assertThat(storefront.getByRole(AriaRole.CELL).nth(1)).hasText("not declared");
		screenshot("services");
		visit("Change requests", "/change-requests", "Change requests");
		assertThat(this.page.getByText("No change requests yet.")).isVisible();
		screenshot("change-requests");
		visit("Promotions", "/promotions", "Promotions");
		assertThat(this.page.getByText("No promotions yet.")).isVisible();
		screenshot("promotions");
		visit("Rollbacks", "/rollbacks", "Rollbacks");
		screenshot("rollbacks");
		visit("Maintenance", "/maintenance", "Weekly maintenance");
		screenshot("maintenance");

		navigationLink("Audit").click();
		assertThat(this.page).hasURL(url("/audit"));
		assertThat(navigationLink("Audit")).hasAttribute("aria-current", "page");
		screenshot("audit");

		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();

		assertThat(this.page).hasURL(Pattern.compile("/login\\?logout$"));
		assertThat(this.page.getByText("You have signed out.")).isVisible();
	}

	@Test
	void aWrongPasswordKeepsThePersonOnTheSignInPage() {
		this.page.navigate("/login");
		assertThat(this.page.getByText("Wrong user name or password.")).isHidden();

		signIn("not-the-password");

		assertThat(this.page).hasURL(Pattern.compile("/login\\?error$"));
		assertThat(this.page.getByText("Wrong user name or password.")).isVisible();
		assertThat(this.page.getByLabel("Password")).isVisible();
		screenshot("login-error");
	}

	@Test
	void anUnknownAddressShowsTheNotFoundPageInsideTheLayout() {
		this.page.navigate("/login");
		signIn(PASSWORD);
		assertThat(heading("Overview")).isVisible();

		this.page.navigate("/no-such-page");

		assertThat(heading("Page not found")).isVisible();
		assertThat(this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"))).isVisible();
		screenshot("not-found");
	}


	private void signIn(String password) {
		this.page.getByLabel("User name").fill(USER);
		this.page.getByLabel("Password").fill(password);
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
	}

	private void visit(String link, String path, String pageHeading) {
		navigationLink(link).click();
		assertThat(this.page).hasURL(url(path));
		assertThat(heading(pageHeading)).isVisible();
		assertThat(navigationLink(link)).hasAttribute("aria-current", "page");
	}

	private Locator navigationLink(String name) {
		return this.page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main navigation"))
			.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(name).setExact(true));
	}

	private Locator heading(String name) {
		return this.page.getByRole(AriaRole.HEADING,
				new Page.GetByRoleOptions().setName(name).setExact(true).setLevel(1));
	}

	private Locator panel(String name) {
		return this.page.getByRole(AriaRole.ARTICLE, new Page.GetByRoleOptions().setName(name).setExact(true));
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
