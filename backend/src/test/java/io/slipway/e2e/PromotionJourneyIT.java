package io.slipway.e2e;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.slipway.argocd.ArgoCdApplications;
import io.slipway.argocd.fake.FakeArgoCd;
import io.slipway.cluster.BackupFreshness;
import io.slipway.cluster.BackupReport;
import io.slipway.gitops.CommitRequest;
import io.slipway.gitops.GitOpsRepository;
import io.slipway.promotion.PromotionMerged;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.EventListener;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A promotion from end to end in a real browser, against the real application and the fake Argo
 * CD: a developer requests payments staging → production, sees no Approve button on her own
 * promotion and ticks the checklist; an approver approves; the promotion merges by itself, Argo CD
 * (the fake, told of the merge as its repository polling would be) syncs it, and the page, which
 * updates itself, shows Succeeded without a reload.
 * <p>
 * With {@code -Dslipway.screenshots=true} the list and the promotion are saved for docs/screenshots.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "slipway.security.users[0].name=dana", "slipway.security.users[0].password={noop}dana-builds-42",
				"slipway.security.users[0].roles=developer", "slipway.security.users[1].name=bob",
				"slipway.security.users[1].password={noop}bob-approves-42", "slipway.security.users[1].roles=approver",
				"slipway.environments.production.checklist=Rollback plan documented,Team notified",
				"slipway.promotions.reconcile-interval=PT1S" })
@DirtiesContext
class PromotionJourneyIT extends BrowserJourney {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final FakeArgoCd argoCd = FakeArgoCd.start();

	private static final MockWebServer alertmanager = new MockWebServer();

	@TempDir
	static Path dataDir;

	@TempDir
	static Path seedWorkTree;

	@DynamicPropertySource
	static void connections(DynamicPropertyRegistry registry) {
		registry.add("slipway.data-dir", () -> dataDir.toString());
		registry.add("slipway.argocd.url", () -> argoCd.url().toString());
		registry.add("slipway.argocd.token", argoCd::token);
		registry.add("slipway.alertmanager.url", () -> alertmanager.url("/").toString());
	}

	@BeforeAll
	static void seed() throws GitAPIException, IOException, URISyntaxException {
		seedInfraRepository(dataDir, seedWorkTree, "chore: seed the infra repository",
				new PersonIdent("Platform Team", "platform@example.com"));
		argoCd.setSyncDuration(Duration.ofSeconds(1));
		String repo = "https://git.example/platform/infra.git";
		argoCd.createApplication("payments-staging", "goapps", repo, "services/payments/overlays/staging",
				"goapps-staging", "registry.example/goapps/payments:1.5.0");
		argoCd.createApplication("payments-production", "goapps", repo, "services/payments/overlays/production",
				"goapps-production", "registry.example/goapps/payments:1.4.0");
		// staging has run 1.5.0 for 30 hours: the 24-hour soak is over
		ObjectNode staging = argoCd.application("payments-staging").orElseThrow().json();
		((ObjectNode) staging.get("status").get("history").get(0)).put("deployedAt",
				Instant.now().minus(Duration.ofHours(30)).truncatedTo(ChronoUnit.SECONDS).toString());
		argoCd.loadApplication(staging.toString());
		alertmanager.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body("[]").build();
			}
		});
		alertmanager.start();
	}

	@AfterAll
	static void stop() throws IOException {
		argoCd.close();
		alertmanager.close();
	}

	@TestConfiguration
	static class ClusterAndGitPolling {

		@Bean
		@Primary
		BackupFreshness freshBackups() {
			return () -> Mono.just(new BackupReport(BackupReport.Freshness.FRESH,
					"postgres-backup succeeded 3h ago (every 24h, 2h grace)", List.of(), Instant.now()));
		}

		@Bean
		RepositoryPolling repositoryPolling() {
			return new RepositoryPolling();
		}

	}

	/** What Argo CD's repository polling does when main moves: it sees the merge and auto-syncs. */
	static class RepositoryPolling {

		@EventListener
		void on(PromotionMerged merged) {
			argoCd.commit(merged.service() + "-" + merged.to(), merged.mergeCommit(),
					"registry.example/goapps/payments:" + merged.imageTag());
		}

	}

	private static final String STAGING_SETTINGS = """
			patches:
			  - patch: |-
			      apiVersion: apps/v1
			      kind: Deployment
			      metadata:
			        name: payments
			      spec:
			        template:
			          spec:
			            containers:
			              - name: payments
			                env:
			                  - name: LOG_LEVEL
			                    value: debug
			                  - name: DATABASE_PASSWORD
			                    valueFrom:
			                      secretKeyRef:
			                        name: payments-db
			                        key: password
			configMapGenerator:
			  - name: payments-config
			    literals:
			      - CACHE_TTL=5
			""";

	private static final String PRODUCTION_SETTINGS = """
			replicas:
			  - name: payments
			    count: 3
			patches:
			  - path: resources.yaml
			  - patch: |-
			      apiVersion: apps/v1
			      kind: Deployment
			      metadata:
			        name: payments
			      spec:
			        template:
			          spec:
			            containers:
			              - name: payments
			                env:
			                  - name: LOG_LEVEL
			                    value: info
			                  - name: DATABASE_PASSWORD
			                    valueFrom:
			                      secretKeyRef:
			                        name: payments-db
			                        key: password
			                  - name: REGION
			                    value: eu-west-1
			configMapGenerator:
			  - name: payments-config
			    literals:
			      - CACHE_TTL=300
			""";

	private static final String PRODUCTION_RESOURCES = """
			apiVersion: apps/v1
			kind: Deployment
			metadata:
			  name: payments
			spec:
			  template:
			    spec:
			      containers:
			        - name: payments
			          resources:
			            requests:
			              cpu: 250m
			              memory: 256Mi
			""";

	@Autowired
	private GitOpsRepository gitOps;

	@Autowired
	private ArgoCdApplications cache;

	@Test
	void aDeveloperRequestsAnApproverApprovesAndArgoCdRollsItOut() {
		// staging runs 1.5.0 (the fixture declares 1.4.0 everywhere); the environments differ in
		// sizing and settings, which the promotion's summary shows and leaves alone
		this.gitOps.commit(CommitRequest.builder("chore(payments): promote 1.5.0 to staging")
			.update("services/payments/overlays/staging/kustomization.yaml",
					(content) -> content.replace("newTag: 1.4.0", "newTag: 1.5.0") + STAGING_SETTINGS)
			.update("services/payments/overlays/production/kustomization.yaml", (content) -> content + PRODUCTION_SETTINGS)
			.put("services/payments/overlays/production/resources.yaml", PRODUCTION_RESOURCES)
			.build()).block(PATIENCE);
		await().atMost(PATIENCE)
			.until(() -> this.cache.find("payments-staging")
				.map((app) -> app.status().history().get(0).deployedAt().isBefore(Instant.now().minus(Duration.ofHours(25))))
				.orElse(false) && this.cache.find("payments-production").isPresent());

		this.page.navigate("/promotions");
		signIn("dana", "dana-builds-42");
		assertThat(heading("Promotions")).isVisible();
		this.page.getByLabel("Service to promote").selectOption("payments");
		assertThat(this.page.getByLabel("From environment")).hasValue("staging");
		assertThat(this.page.getByLabel("To environment")).hasValue("production");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Request promotion")).click();

		assertThat(this.page).hasURL(Pattern.compile("/promotions/\\d+$"));
		String promotion = this.page.url();
		assertThat(heading("payments 1.5.0: staging → production")).isVisible();
		assertThat(this.page.getByText("Pending", new Page.GetByTextOptions().setExact(true)).first()).isVisible();
		// her own promotion: no Approve button, and the page says why
		assertThat(button("Approve")).hasCount(0);
		assertThat(this.page.getByText("You requested this promotion: someone else with the approver role approves it."))
			.isVisible();
		assertThat(this.page.getByText("CHANGED", new Page.GetByTextOptions().setExact(true)).first()).isVisible();
		// the summary says which difference the promotion makes and which ones stay
		assertThat(this.page.getByText("set in production by this promotion")).isVisible();
		assertThat(this.page.getByText("ONLY IN TARGET", new Page.GetByTextOptions().setExact(true)).first()).isVisible();
		assertThat(this.page.getByText("not changed by this promotion").first()).isVisible();
		assertThat(this.page.getByText("newTag: 1.5.0").first()).isVisible();

		checklistItem("Rollback plan documented", "https://wiki.example/payments/rollback");
		assertThat(this.page.getByText("checked by dana")).isVisible();
		checklistItem("Team notified", "#payments channel");
		assertThat(this.page.getByText("checked by dana")).hasCount(2);
		screenshot("promotion-pending");
		signOut();

		signIn("bob", "bob-approves-42");
		this.page.navigate(promotion);
		this.page.getByLabel("Comment (optional)").fill("soaked for a day, dashboards clean");
		button("Approve").click();
		assertThat(this.page.getByText(Pattern.compile("You approved promotion #\\d+\\."))).isVisible();

		// the page follows the promotion by itself: merge, Argo CD's sync, healthy
		assertThat(this.page.getByText("Succeeded", new Page.GetByTextOptions().setExact(true)).first())
			.isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(PATIENCE.toMillis()));
		assertThat(this.page.getByText("payments-production is Synced and Healthy at").first()).isVisible();
		assertThat(button("Approve")).hasCount(0);
		screenshot("promotion-succeeded");

		navigationLink("Promotions").click();
		Locator row = this.page.getByRole(AriaRole.ROW)
			.filter(new Locator.FilterOptions().setHas(this.page.getByRole(AriaRole.ROWHEADER,
					new Page.GetByRoleOptions().setName("payments").setExact(true))));
		assertThat(row).containsText("Succeeded");
		assertThat(row).containsText("1.5.0");
		assertThat(row).containsText("dana");
		screenshot("promotion-list");
	}

	private void checklistItem(String label, String note) {
		// the checklist comes before the timeline, which mentions checked items too
		Locator item = this.page.getByRole(AriaRole.LISTITEM)
			.filter(new Locator.FilterOptions().setHasText(label))
			.first();
		item.getByLabel(label, new Locator.GetByLabelOptions().setExact(true)).check();
		item.getByLabel("Note for " + label).fill(note);
		item.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();
		assertThat(this.page.getByText(Pattern.compile("Checklist item recorded on promotion #\\d+\\."))).isVisible();
	}

	private void signIn(String user, String password) {
		assertThat(this.page).hasURL(Pattern.compile("/login(\\?.*)?$"));
		this.page.getByLabel("User name").fill(user);
		this.page.getByLabel("Password").fill(password);
		button("Sign in").click();
		assertThat(button("Sign out")).isVisible();
	}

	private void signOut() {
		button("Sign out").click();
		assertThat(this.page).hasURL(Pattern.compile("/login\\?logout$"));
	}

	private Locator button(String name) {
		return this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
	}

	private Locator navigationLink(String name) {
		return this.page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main navigation"))
			.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(name).setExact(true));
	}

	private Locator heading(String name) {
		return this.page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(name).setLevel(1));
	}

}
