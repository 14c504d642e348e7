package io.slipway.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.slipway.templates.RenderRecord;
import io.slipway.templates.RenderedFile;
import io.slipway.templates.TemplatePacks;
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
import org.springframework.test.context.bean.override.convention.TestBean;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * A developer upgrades services to a template pack's new version from {@code /template-packs}: the
 * infra repository holds three services rendered with the built-in {@code goapps} 1.0.0 and one
 * whose record is unreadable; the application's {@code goapps} is a test copy at 1.1.0. She leaves
 * one service out and gets one change request for the other two.
 * <p>
 * With {@code -Dslipway.screenshots=true} the steps are saved as PNGs for docs/screenshots.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "slipway.security.users[0].name=dana", "slipway.security.users[0].password={noop}dana-builds-42",
				"slipway.security.users[0].roles=developer" })
// The data directory is deleted after the class: stop the application (H2, Git) first.
@DirtiesContext
class OutdatedServicesJourneyIT extends BrowserJourney {

	private static final String TITLE = "chore(templates): upgrade 2 services to goapps@1.1.0";

	@TempDir
	static Path dataDir;

	@TempDir
	static Path seedWorkTree;

	@TestBean
	TemplatePacks templatePacks;

	static TemplatePacks templatePacks() {
		try {
			return TemplatePacks.fromDirectory(
					Path.of(OutdatedServicesJourneyIT.class.getResource("/onboarding/template-packs").toURI()));
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@DynamicPropertySource
	static void dataDirectory(DynamicPropertyRegistry registry) {
		registry.add("slipway.data-dir", () -> dataDir.toString());
	}

	@BeforeAll
	static void seedServicesRenderedWithAnOlderPack() throws GitAPIException, IOException, URISyntaxException {
		for (String service : List.of("ledger", "mailer", "notifier")) {
			for (RenderedFile file : TemplatePacks.builtIn().get("goapps").render(values(service))) {
				write(file.path(), file.content());
			}
		}
		write("services/archive/base/kustomization.yaml", "resources: []\n");
		write("services/archive/slipway.yaml", "# edited by hand\nkind: Notes\n");
		seedInfraRepository(dataDir, seedWorkTree, "chore: seed the infra repository",
				new PersonIdent("Platform Team", "platform@example.com"));
	}

	@Test
	void aDeveloperProposesTheUpgradeOfTwoServices() {
		this.page.navigate("/template-packs");
		this.page.getByLabel("User name").fill("dana");
		this.page.getByLabel("Password").fill("dana-builds-42");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();

		assertThat(this.page.getByRole(AriaRole.HEADING,
				new Page.GetByRoleOptions().setName("Template packs").setLevel(1))).isVisible();
		Locator outdated = this.page.getByRole(AriaRole.TABLE,
				new Page.GetByRoleOptions().setName("Services behind goapps@1.1.0"));
		assertThat(outdated.getByRole(AriaRole.ROW)).hasCount(5);
		assertThat(outdated.getByText(Pattern.compile("^cannot upgrade: services/archive/slipway.yaml"))).isVisible();
		assertThat(this.page.getByText("4 behind", new Page.GetByTextOptions().setExact(true))).isVisible();
		// goapps is behind, packages (no services) is up to date
		assertThat(this.page.getByText("up to date", new Page.GetByTextOptions().setExact(true))).hasCount(1);
		this.page.getByLabel("Upgrade notifier").uncheck();
		screenshot("template-packs");

		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Propose upgrade to goapps@1.1.0"))
			.click();

		assertThat(this.page).hasURL(Pattern.compile("/change-requests/\\d+$"));
		assertThat(this.page.getByRole(AriaRole.HEADING,
				new Page.GetByRoleOptions().setName(TITLE).setLevel(1)))
			.isVisible();
		assertThat(this.page.getByText("ledger (1.0.0 -> 1.1.0)", new Page.GetByTextOptions().setExact(false)))
			.isVisible();
		screenshot("template-pack-upgrade-change-request", false);
	}

	/** The values of the golden render record, for another service. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> values(String service) throws IOException {
		try (InputStream in = OutdatedServicesJourneyIT.class.getResourceAsStream("/e2e/render-record-goapps-1.0.0.yaml")) {
			Map<String, Object> values = new LinkedHashMap<>(
					RenderRecord.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).values());
			Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) values.get("service"));
			spec.put("name", service);
			spec.put("image", "ghcr.io/acme/" + service);
			values.put("service", spec);
			return values;
		}
	}

	private static void write(String path, String content) throws IOException {
		Path file = seedWorkTree.resolve(path);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content, StandardCharsets.UTF_8);
	}

}
