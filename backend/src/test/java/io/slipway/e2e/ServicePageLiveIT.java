package io.slipway.e2e;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.slipway.argocd.fake.FakeArgoCd;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An on-call engineer has a service's page open while its production rollout goes wrong: Argo CD
 * reports Degraded, and the production panel says so, with Argo CD's message, without a reload.
 * Against the fake Argo CD through the real client, cache and stream.
 * <p>
 * With {@code -Dslipway.screenshots=true} the updated page is saved for docs/screenshots.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "slipway.security.users[0].name=olga", "slipway.security.users[0].password={noop}pager-duty-7",
				"slipway.security.users[0].roles=oncall" })
@DirtiesContext
class ServicePageLiveIT extends BrowserJourney {

	private static final LocatorAssertions.IsVisibleOptions LIVE = new LocatorAssertions.IsVisibleOptions()
		.setTimeout(20_000);

	private static final String MESSAGE = "Deployment \"payments\" exceeded its progress deadline";

	private static final FakeArgoCd argoCd = FakeArgoCd.start();

	@TempDir
	static Path dataDir;

	@TempDir
	static Path seedWorkTree;

	@DynamicPropertySource
	static void dataDirectoryAndArgoCd(DynamicPropertyRegistry registry) {
		registry.add("slipway.data-dir", () -> dataDir.toString());
		registry.add("slipway.argocd.url", () -> argoCd.url().toString());
		registry.add("slipway.argocd.token", argoCd::token);
	}

	@BeforeAll
	static void seedGitAndArgoCd() throws GitAPIException, IOException, URISyntaxException {
		seedInfraRepository(dataDir, seedWorkTree, "feat(payments): add deployment configuration",
				new PersonIdent("Dana Developer", "dana@example.com"));
		for (String environment : List.of("staging", "production")) {
			argoCd.createApplication("payments-" + environment, "goapps", "https://git.example/platform/infra.git",
					"services/payments/overlays/" + environment, "goapps-" + environment, "1.4.0");
		}
	}

	@AfterAll
	static void stopArgoCd() {
		argoCd.close();
	}

	@Test
	void theProductionPanelTurnsDegradedWithoutAReload() {
		this.page.navigate("/services/payments");
		this.page.getByLabel("User name").fill("olga");
		this.page.getByLabel("Password").fill("pager-duty-7");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		assertThat(this.page).hasURL(Pattern.compile("/services/payments$"));

		Locator production = this.page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("production"));
		Locator health = production.getByRole(AriaRole.ARTICLE)
			.filter(new Locator.FilterOptions().setHas(this.page.getByRole(AriaRole.HEADING,
					new Page.GetByRoleOptions().setName("Health"))));
		assertThat(health.getByText("Healthy", new Locator.GetByTextOptions().setExact(true))).isVisible();
		assertThat(this.page.getByText("Live", new Page.GetByTextOptions().setExact(true))).isVisible(LIVE);
		// Argo CD's stream from the listed version carries only later changes: wait until Slipway holds it
		await().atMost(Duration.ofSeconds(20)).until(() -> argoCd.openStreams() > 0);
		// the page's own state, which a reload would lose
		this.page.evaluate("window.slipwayNotReloaded = true");

		argoCd.setHealth("payments-production", "Degraded", MESSAGE);

		assertThat(health.getByText("Degraded", new Locator.GetByTextOptions().setExact(true))).isVisible(LIVE);
		assertThat(health.getByText(MESSAGE)).isVisible();
		assertThat(production.getByText("Degraded", new Locator.GetByTextOptions().setExact(true)).first())
			.isVisible();
		assertThat(this.page.evaluate("window.slipwayNotReloaded === true")).isEqualTo(true);
		// staging was not touched, and the actions are still there to use
		Locator staging = this.page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("staging"));
		assertThat(staging.getByText("Degraded", new Locator.GetByTextOptions().setExact(true))).hasCount(0);
		assertThat(production.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Sync"))).isVisible();
		screenshot("catalog-service-live");
	}

}
