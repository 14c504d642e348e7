package io.slipway.e2e;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import static org.awaitility.Awaitility.await;

/**
 * An on-call engineer watches the service matrix while Argo CD reports a rollout going wrong: the
 * row turns Degraded without a reload; the service page then shows health, sync, last operation
 * and history per environment. Against the fake Argo CD through the real client and cache.
 * <p>
 * With {@code -Dslipway.screenshots=true} the matrix and the service page are saved for
 * docs/screenshots.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "slipway.security.users[0].name=olga", "slipway.security.users[0].password={noop}pager-duty-7",
				"slipway.security.users[0].roles=oncall" })
@DirtiesContext
class ServiceCatalogJourneyIT extends BrowserJourney {

	private static final LocatorAssertions.IsVisibleOptions LIVE = new LocatorAssertions.IsVisibleOptions()
		.setTimeout(20_000);

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
		for (String name : List.of("payments-staging", "payments-production", "storefront-staging")) {
			String service = name.substring(0, name.lastIndexOf('-'));
			String environment = name.substring(name.lastIndexOf('-') + 1);
			argoCd.createApplication(name, "goapps", "https://git.example/platform/infra.git",
					"services/" + service + "/overlays/" + environment, "goapps-" + environment, "1.4.0");
		}
		// production still runs the previous release: Git and Argo CD disagree
		argoCd.setImages("payments-production", List.of("ghcr.io/example-org/payments:1.3.9"));
		argoCd.setRevisionMetadata(argoCd.application("payments-staging").orElseThrow().json().at("/status/sync/revision")
			.asString(), "Dana Developer <dana@example.com>", Instant.parse("2026-11-22T09:00:00Z"),
				"feat(payments): add deployment configuration");
	}

	@AfterAll
	static void stopArgoCd() {
		argoCd.close();
	}

	@Test
	void theMatrixTurnsDegradedWithoutAReloadAndTheServicePageExplains() {
		this.page.navigate("/services");
		this.page.getByLabel("User name").fill("olga");
		this.page.getByLabel("Password").fill("pager-duty-7");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		assertThat(this.page).hasURL(Pattern.compile("/services$"));

		Locator payments = row("payments");
		assertThat(payments.getByRole(AriaRole.CELL).nth(0).getByText("Healthy")).isVisible(LIVE);
		assertThat(payments.getByRole(AriaRole.CELL).nth(1).getByText("Drift")).isVisible();
		assertThat(this.page.getByText("Live", new Page.GetByTextOptions().setExact(true))).isVisible(LIVE);
		// Argo CD's stream from the listed version carries only later changes: wait until Slipway holds it
		await().atMost(Duration.ofSeconds(20)).until(() -> argoCd.openStreams() > 0);

		argoCd.setHealth("payments-staging", "Degraded", "Deployment \"payments\" exceeded its progress deadline");

		// the same page, not reloaded, now says Degraded in the staging cell
		assertThat(payments.getByRole(AriaRole.CELL).nth(0).getByText("Degraded")).isVisible(LIVE);
		assertThat(this.page.getByRole(AriaRole.CHECKBOX,
				new Page.GetByRoleOptions().setName("Only services that need attention"))).isVisible();
		screenshot("catalog-services");

		payments.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("payments").setExact(true)).click();
		assertThat(this.page).hasURL(Pattern.compile("/services/payments$"));
		Locator staging = this.page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("staging"));
		assertThat(staging.getByText("Deployment \"payments\" exceeded its progress deadline")).isVisible();
		assertThat(staging.getByText("feat(payments): add deployment configuration").first()).isVisible();
		assertThat(staging.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Sync"))).isVisible();
		assertThat(staging.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Open in Argo CD")))
			.isVisible();
		// the lazily loaded resource summary replaced its link
		assertThat(staging.getByRole(AriaRole.ROWHEADER, new Locator.GetByRoleOptions().setName("Deployment")))
			.isVisible(LIVE);
		screenshot("catalog-service");
	}

	private Locator row(String service) {
		return this.page.getByRole(AriaRole.ROW)
			.filter(new Locator.FilterOptions().setHas(this.page.getByRole(AriaRole.ROWHEADER,
					new Page.GetByRoleOptions().setName(service).setExact(true))));
	}

}
