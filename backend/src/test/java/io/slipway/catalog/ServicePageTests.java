package io.slipway.catalog;

import java.time.Instant;
import java.util.List;

import io.slipway.argocd.ArgoCdException;
import io.slipway.argocd.HealthStatus;
import io.slipway.argocd.ResourceTree;
import io.slipway.argocd.RevisionMetadata;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /services/{name}}: per environment the Health, Sync and Last operation panels, the
 * history joining Argo CD's syncs with the overlay's Git log, the lazily loaded revision and
 * resources, the link to Argo CD's UI, and the Refresh and Sync forms.
 */
@CatalogIntegrationTest
class ServicePageTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private InMemoryArgoCdApplications cache;

	@Autowired
	private StubArgoCdClient argoCd;

	@Autowired
	private CatalogServices git;

	@BeforeEach
	void argoCdReportsTheStandardScenario() {
		CatalogScenario.standard(this.cache, this.argoCd, this.git);
	}

	@Test
	void eachEnvironmentHasHealthSyncAndLastOperationPanels() {
		this.cache.put(Applications.of("payments", "staging")
			.sync("Synced", this.git.promoted)
			.health("Degraded", "Deployment \"payments\" exceeded its progress deadline")
			.images(CatalogScenario.PAYMENTS_IMAGE + ":1.4.0")
			.synced(this.git.promoted, CatalogServices.SECOND_SYNC, "dana")
			.operation("Failed", "one or more objects failed to apply", CatalogServices.SECOND_SYNC,
					CatalogServices.SECOND_SYNC.plusSeconds(40))
			.build());

		String staging = Html.element(page("/services/payments", "viewer"), "section", "environment-staging");

		String text = Html.text(staging);
		assertThat(text).contains("Health Degraded Deployment \"payments\" exceeded its progress deadline")
			.contains("Sync Synced auto-sync on Revision " + this.git.promoted.substring(0, 7))
			.contains("Last operation Failed Started 2026-11-21 09:30:00 UTC Finished 2026-11-21 09:30:40 UTC "
					+ "one or more objects failed to apply")
			.contains("Git declares 1.4.0 " + this.git.promoted.substring(0, 7) + " chore(payments): promote 1.4.0 to staging");
		assertThat(staging).contains("href=\"https://argocd.example/applications/argocd/payments-staging\"")
			.contains("hx-get=\"/services/payments/environments/staging/revision\"")
			.contains("href=\"/services/payments/environments/staging/revision\"");
	}

	@Test
	void theHistoryJoinsArgoCdsSyncsWithTheOverlaysGitLog() {
		String staging = Html.element(page("/services/payments", "viewer"), "section", "environment-staging");

		String history = Html.element(staging, "table", "history-staging");
		List<String> rows = java.util.Arrays.stream(history.split("<tr"))
			.skip(2)
			.map((row) -> Html.text("<tr" + row))
			.toList();
		assertThat(rows).hasSize(2);
		assertThat(rows.get(0)).as("newest first")
			.startsWith("2026-11-21 09:30 UTC dana 1.4.0 " + this.git.promoted.substring(0, 7)
					+ " chore(payments): promote 1.4.0 to staging Dana Developer " + this.git.promoted.substring(0, 7))
			.endsWith("live now");
		assertThat(rows.get(1)).isEqualTo("2026-11-20 08:00 UTC automated 1.3.0 " + this.git.added.substring(0, 7)
				+ " feat(payments): add deployment configuration Dana Developer " + this.git.added.substring(0, 7)
				+ " 1d 1h");
	}

	@Test
	void whatGitDeclaresButArgoCdHasNotSyncedYetHeadsTheHistory() {
		this.cache.put(Applications.of("payments", "staging")
			.sync("OutOfSync", this.git.added)
			.images(CatalogScenario.PAYMENTS_IMAGE + ":1.3.0")
			.synced(this.git.added, CatalogServices.FIRST_SYNC, null)
			.build());

		String history = Html.element(page("/services/payments", "viewer"), "table", "history-staging");

		assertThat(Html.text(history)).contains("Declared, not synced yet 1.4.0 " + this.git.promoted.substring(0, 7));
	}

	@Test
	void theRevisionsAuthorAndMessageLoadFromArgoCdOnDemand() {
		this.argoCd.revision(this.git.promoted, new RevisionMetadata("Dana Developer <dana@example.com>",
				Instant.parse("2026-11-21T09:00:00Z"), List.of(), "chore(payments): promote 1.4.0 to staging\n"));

		String fragment = this.client.get()
			.uri("/services/payments/environments/staging/revision")
			.header("HX-Request", "true")
			.headers((headers) -> headers.setBasicAuth("viewer", "viewer-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(fragment).doesNotContain("<html");
		assertThat(Html.text(fragment)).isEqualTo(
				"chore(payments): promote 1.4.0 to staging by Dana Developer <dana@example.com> 2026-11-21 09:00 UTC");
		// remembered per revision: the second page asks Argo CD nothing
		page("/services/payments/environments/staging/revision", "viewer");
		assertThat(this.argoCd.calls()).containsExactly("revisionMetadata payments-staging " + this.git.promoted);
	}

	@Test
	void withoutJavaScriptTheLazyPartsArePagesOfTheirOwnAndShowArgoCdsErrors() {
		String page = page("/services/payments/environments/production/revision", "viewer");

		assertThat(page).contains("<html");
		assertThat(Html.text(page)).contains("Synced revision of payments in production")
			.contains("Argo CD could not say: unable to resolve '" + this.git.added + "' to a commit SHA");
	}

	@Test
	void theLiveResourcesAreCountedByKindAndHealth() {
		this.argoCd.tree("payments-staging", new ResourceTree(List.of(
				node("Deployment", "payments", new HealthStatus("Healthy", null, null)),
				node("Pod", "payments-1", new HealthStatus("Healthy", null, null)),
				node("Pod", "payments-2", new HealthStatus("Degraded", "CrashLoopBackOff", null)),
				node("Service", "payments", null))));

		String fragment = this.client.get()
			.uri("/services/payments/environments/staging/resources")
			.header("HX-Request", "true")
			.headers((headers) -> headers.setBasicAuth("viewer", "viewer-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(Html.text(fragment))
			.isEqualTo("Kind Count Health Deployment 1 1 Healthy Pod 2 1 Degraded 1 Healthy Service 1");
	}

	@Test
	void actionsShowToWhoMayUseThemAndProductionOnlyToOnCall() {
		String asDeveloper = page("/services/payments", "developer");
		assertThat(Html.element(asDeveloper, "section", "environment-staging"))
			.contains("action=\"/services/payments/environments/staging/sync\"")
			.contains("action=\"/services/payments/environments/staging/refresh\"");
		assertThat(Html.element(asDeveloper, "section", "environment-production")).doesNotContain("/sync\"");
		assertThat(page("/services/payments", "viewer")).doesNotContain("/sync\"");
		assertThat(Html.element(page("/services/payments", "oncall"), "section", "environment-production"))
			.contains("action=\"/services/payments/environments/production/sync\"");
	}

	@Test
	void syncFromThePageReturnsToItWithArgoCdsAnswer() {
		EntityExchangeResult<byte[]> accepted = this.client.post()
			.uri("/services/payments/environments/staging/sync")
			.headers((headers) -> headers.setBasicAuth("developer", "developer-pw"))
			.exchange()
			.expectStatus()
			.isSeeOther()
			.expectBody()
			.returnResult();
		assertThat(accepted.getResponseHeaders().getLocation())
			.hasToString("/services/payments#environment-staging");
		assertThat(pageAfter(accepted, "developer")).contains("Argo CD accepted the sync of payments-staging in staging");

		this.argoCd.failNextCall(new ArgoCdException.Rejected("error syncing payments-staging: another operation is "
				+ "already in progress", 400, 9, "another operation is already in progress"));
		EntityExchangeResult<byte[]> refused = this.client.post()
			.uri("/services/payments/environments/staging/sync")
			.headers((headers) -> headers.setBasicAuth("developer", "developer-pw"))
			.exchange()
			.expectBody()
			.returnResult();
		assertThat(pageAfter(refused, "developer"))
			.contains("Argo CD refused the sync of payments-staging: another operation is already in progress");
	}

	@Test
	void aDeveloperCannotSyncProductionFromAForgedForm() {
		this.client.post()
			.uri("/services/payments/environments/production/sync")
			.headers((headers) -> headers.setBasicAuth("developer", "developer-pw"))
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(this.argoCd.calls()).isEmpty();
	}

	private String pageAfter(EntityExchangeResult<byte[]> post, String user) {
		ResponseCookie session = post.getResponseCookies().getFirst("SESSION");
		assertThat(session).as("the action keeps its outcome in the session").isNotNull();
		return Html.text(this.client.get()
			.uri("/services/payments")
			.cookie("SESSION", session.getValue())
			.headers((headers) -> headers.setBasicAuth(user, user + "-pw"))
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

	private static ResourceTree.Node node(String kind, String name, HealthStatus health) {
		return new ResourceTree.Node(kind.equals("Deployment") ? "apps" : "", "v1", kind, "goapps-staging", name,
				name + "-uid", List.of(), health, List.of(), null);
	}

	private String page(String path, String user) {
		return this.client.get()
			.uri(path)
			.headers((headers) -> headers.setBasicAuth(user, user + "-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
