package io.slipway.promotion;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.slipway.argocd.RevisionHistory;
import io.slipway.cluster.BackupFreshness;
import io.slipway.gitops.CommitRequest;
import io.slipway.gitops.GitOpsRepository;
import mockwebserver3.MockWebServer;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code /promotions} pages as a browser gets them: the list with its filters and request
 * form, a promotion with its diff, CHANGED/UNCHANGED comparison, gates, checklist and steps, the
 * buttons each user may use (never Approve for the requester), the forms' round trip with a
 * one-time message, the live regions' poll, and the manual Merge button of an environment without
 * auto-merge.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "slipway.data-dir=target/test-data/promotion-pages-${random.uuid}",
				"spring.datasource.url=jdbc:h2:mem:promotion-pages-${random.uuid};DB_CLOSE_DELAY=-1",
				"slipway.promotions.reconcile-interval=PT0.5S", "slipway.promotions.health-timeout=PT20S",
				"slipway.environments.production.soak-hours=1",
				"slipway.environments.production.checklist=Team notified",
				"slipway.environments.production.auto-merge=false",
				"slipway.security.users[0].name=dave", "slipway.security.users[0].password={noop}dave-pw",
				"slipway.security.users[0].roles=developer",
				"slipway.security.users[1].name=bob", "slipway.security.users[1].password={noop}bob-pw",
				"slipway.security.users[1].roles=approver",
				"slipway.security.users[2].name=victor", "slipway.security.users[2].password={noop}victor-pw",
				"slipway.security.users[2].roles=viewer",
				"slipway.security.users[3].name=alice", "slipway.security.users[3].password={noop}alice-pw",
				"slipway.security.users[3].roles=admin",
				"slipway.security.users[4].name=erin", "slipway.security.users[4].password={noop}erin-pw",
				"slipway.security.users[4].roles=developer,approver" })
@AutoConfigureWebTestClient(timeout = "30s")
class PromotionPageTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final MockWebServer alertmanager = PromotionFixtures.quietAlertmanager();


	@DynamicPropertySource
	static void alertmanagerUrl(DynamicPropertyRegistry registry) {
		registry.add("slipway.alertmanager.url", () -> alertmanager.url("/").toString());
	}

	@AfterAll
	static void stopAlertmanager() throws IOException {
		alertmanager.close();
	}

	@TestConfiguration
	static class ArgoCdAndCluster {

		@Bean
		@Primary
		HandWrittenArgoCd handWrittenArgoCd() {
			return new HandWrittenArgoCd();
		}

		@Bean
		@Primary
		BackupFreshness freshBackups() {
			return PromotionFixtures.freshBackups();
		}

	}

	private static final String KUSTOMIZATION = """
			apiVersion: kustomize.config.k8s.io/v1beta1
			kind: Kustomization
			resources:
			  - ../../base
			patches:
			  - path: patches/replicas.yaml
			images:
			  - name: ghcr.io/acme/%s
			    newTag: %s # set by promotions
			""";

	@Autowired
	private WebTestClient client;

	@Autowired
	private GitOpsRepository gitOps;

	@Autowired
	private HandWrittenArgoCd argoCd;

	@Value("${slipway.data-dir}")
	private Path dataDir;

	/** A service in Git and Argo CD: staging Healthy at 1.5.0 for 2 h, production at 1.4.0 with 3 replicas. */
	private void seed(String service) {
		this.gitOps.commit(CommitRequest.builder("feat(" + service + "): add deployment configuration")
			.put("services/" + service + "/base/kustomization.yaml", "resources: []\n")
			.put("services/" + service + "/overlays/staging/kustomization.yaml", KUSTOMIZATION.formatted(service, "1.5.0"))
			.put("services/" + service + "/overlays/staging/patches/replicas.yaml",
					"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + service + "\nspec:\n  replicas: 1\n")
			.put("services/" + service + "/overlays/production/kustomization.yaml",
					KUSTOMIZATION.formatted(service, "1.4.0"))
			.put("services/" + service + "/overlays/production/patches/replicas.yaml",
					"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + service + "\nspec:\n  replicas: 3\n")
			.build()).block(PATIENCE);
		String tip = tip();
		this.argoCd.mainTip(this::tip);
		this.argoCd.put(service + "-staging", "Healthy", tip, "ghcr.io/acme/" + service + ":1.5.0",
				List.of(new RevisionHistory(1, tip, Instant.now().minus(Duration.ofHours(2)), null, null, null)));
		this.argoCd.put(service + "-production", "Healthy", "0123456789abcdef0123456789abcdef01234567",
				"ghcr.io/acme/" + service + ":1.4.0", List.of());
	}

	@Test
	void aDeveloperRequestsFromTheListAndLandsOnThePromotion() {
		seed("payments");
		String list = page("/promotions", "dave", null).getResponseBody();
		assertThat(list).contains("<h1>Promotions</h1>")
			.contains("aria-current=\"page\" class=\"active\">Promotions</a>")
			.contains("Request a promotion")
			.contains("<option value=\"payments\">payments</option>")
			.contains("<option value=\"staging\" selected=\"selected\">staging</option>");
		assertThat(page("/promotions", "victor", null).getResponseBody()).doesNotContain("Request a promotion");
		// the service page's entry point preselects the service
		assertThat(page("/services/payments", "dave", null).getResponseBody())
			.contains("href=\"/promotions?promote=payments\">Promote…</a>");
		assertThat(page("/services/payments", "victor", null).getResponseBody()).doesNotContain("/promotions?promote=");
		assertThat(page("/promotions?promote=payments", "dave", null).getResponseBody())
			.contains("<option value=\"payments\" selected=\"selected\">payments</option>");

		EntityExchangeResult<Void> requested = submit("/promotions", "dave",
				form("service", "payments", "from", "staging", "to", "production"));
		assertThat(requested.getStatus()).isEqualTo(HttpStatus.SEE_OTHER);
		String location = requested.getResponseHeaders().getLocation().toString();
		assertThat(location).matches("/promotions/\\d+");
		long id = Long.parseLong(location.substring("/promotions/".length()));

		String html = page(location, "dave", requested.getResponseCookies().getFirst("SESSION")).getResponseBody();
		assertThat(html).contains("Promotion #" + id + " requested.")
			.contains("payments 1.5.0: staging → production")
			.contains("<span class=\"badge badge-warn\">Pending</span>")
			.contains("ghcr.io/acme/payments:1.5.0")
			// the comparison: the tag differs and the promotion sets it; the replicas differ too,
			// but stay as production sets them
			.containsPattern("<th scope=\"row\">image tag</th>\\s*<td><code>1.5.0</code></td>\\s*<td><code>1.4.0</code></td>\\s*<td>\\s*"
					+ "<span class=\"badge badge-progress\">CHANGED</span>\\s*</td>\\s*<td>set in production by this promotion</td>")
			.containsPattern("<th scope=\"row\">replicas</th>\\s*<td><code>1</code></td>\\s*<td><code>3</code></td>\\s*<td>\\s*"
					+ "<span class=\"badge badge-progress\">CHANGED</span>\\s*</td>\\s*<td>not changed by this promotion</td>")
			// the exact diff
			.contains("<tr class=\"diff-removed\">")
			.contains("<span class=\"diff-sign\">-</span><span>    newTag: 1.4.0 # set by promotions</span>")
			.contains("<span class=\"diff-sign\">+</span><span>    newTag: 1.5.0 # set by promotions</span>")
			// gates with evidence
			.containsPattern("Soaked long enough</th>\\s*<td><span class=\"badge badge-ok\">PASSED</span>")
			.contains("Team notified")
			.contains("<code>wait-for-approvals</code>")
			// the requester: checklist yes, approve no, abort yes
			.contains("action=\"/promotions/" + id + "/checklist/1\"")
			.doesNotContain("action=\"/promotions/" + id + "/approvals\"")
			.contains("You requested this promotion: someone else with the approver role approves it.")
			.contains("action=\"/promotions/" + id + "/abort\"")
			.contains("hx-trigger=\"every 3s\"");

		String listed = page("/promotions?service=payments", "victor", null).getResponseBody();
		assertThat(listed).contains("<a href=\"/promotions/" + id + "\">#" + id + "</a>")
			.contains("<td><code>1.5.0</code></td>")
			.contains("<span class=\"badge badge-warn\">Pending</span>")
			.contains("<td>dave</td>");
		assertThat(page("/promotions?service=payments&phase=Succeeded", "victor", null).getResponseBody())
			.doesNotContain("<a href=\"/promotions/" + id + "\">")
			.contains("No promotions match these filters.");
		assertThat(page("/promotions?phase=Sleeping", "victor", null).getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
		// htmx gets the table only
		String fragment = this.client.get()
			.uri("/promotions?service=payments")
			.header("HX-Request", "true")
			.headers((headers) -> headers.setBasicAuth("victor", "victor-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(fragment).startsWith("<div id=\"promotion-results\"").doesNotContain("<html");

		// a second request of the same promotion comes back with the reason
		EntityExchangeResult<Void> again = submit("/promotions", "dave",
				form("service", "payments", "from", "staging", "to", "production"));
		assertThat(again.getResponseHeaders().getLocation()).hasToString("/promotions?promote=payments");
		assertThat(page("/promotions?promote=payments", "dave", again.getResponseCookies().getFirst("SESSION"))
			.getResponseBody()).contains("The promotion was not requested:")
			.contains("another promotion of payments to production is open #" + id)
			.contains("<option value=\"payments\" selected=\"selected\">payments</option>");
	}

	@Test
	void theRequesterCannotApproveAndTheApproverMergesByHand() {
		seed("ledger");
		long id = request("erin", "ledger");

		// erin holds the approver role, but requested this promotion: no button, and a 403 when she tries
		String requesterView = page("/promotions/" + id, "erin", null).getResponseBody();
		assertThat(requesterView).doesNotContain("action=\"/promotions/" + id + "/approvals\"")
			.contains("You requested this promotion: someone else with the approver role approves it.")
			.contains("action=\"/promotions/" + id + "/abort\"");
		EntityExchangeResult<Void> selfApproval = submit("/promotions/" + id + "/approvals", "erin", form());
		assertThat(selfApproval.getStatus()).isEqualTo(HttpStatus.SEE_OTHER);
		assertThat(page("/promotions/" + id, "erin", selfApproval.getResponseCookies().getFirst("SESSION"))
			.getResponseBody()).contains("role=\"alert\"")
			.contains("Not approved:")
			.contains("Not allowed (403 Forbidden):")
			.contains("you requested promotion #" + id + ", so you cannot approve it");
		// a developer without the approver role is refused by the permission matrix itself
		assertThat(submit("/promotions/" + id + "/approvals", "dave", form()).getStatus())
			.isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(page("/promotions/" + id, "dave", null).getResponseBody())
			.doesNotContain("action=\"/promotions/" + id + "/approvals\"")
			.doesNotContain("action=\"/promotions/" + id + "/abort\"");

		String approverView = page("/promotions/" + id, "bob", null).getResponseBody();
		assertThat(approverView).contains("action=\"/promotions/" + id + "/approvals\"")
			.contains("action=\"/promotions/" + id + "/reject\"")
			.doesNotContain("action=\"/promotions/" + id + "/abort\"")
			.doesNotContain("action=\"/promotions/" + id + "/merge\"")
			.contains("Merging is manual here");
		assertThat(page("/promotions/" + id, "victor", null).getResponseBody())
			.doesNotContain("action=\"/promotions/" + id + "/");
		assertThat(page("/promotions/" + id, "alice", null).getResponseBody())
			.contains("action=\"/promotions/" + id + "/waivers\"");

		EntityExchangeResult<Void> checked = submit("/promotions/" + id + "/checklist/1", "dave",
				form("checked", "on", "note", "#ledger told"));
		assertThat(page("/promotions/" + id, "dave", checked.getResponseCookies().getFirst("SESSION")).getResponseBody())
			.contains("Checklist item recorded on promotion #" + id + ".")
			.contains("checked by dave")
			.contains("value=\"#ledger told\"");
		EntityExchangeResult<Void> approved = submit("/promotions/" + id + "/approvals", "bob",
				form("comment", "ship it"));
		assertThat(page("/promotions/" + id, "bob", approved.getResponseCookies().getFirst("SESSION"))
			.getResponseBody()).contains("You approved promotion #" + id + ".")
			.contains("<strong>bob</strong>")
			.contains("ship it")
			.contains("You approved this candidate.");

		// everything holds: the Merge button shows, and nothing merges without it
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(page("/promotions/" + id, "bob", null).getResponseBody())
				.contains("action=\"/promotions/" + id + "/merge\""));
		assertThat(page("/promotions/" + id, "bob", null).getResponseBody())
			.contains("<span class=\"badge badge-warn\">Pending</span>");
		submit("/promotions/" + id + "/merge", "bob", form());

		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(page("/promotions/" + id, "victor", null).getResponseBody())
				.contains("<span class=\"badge badge-ok\">Succeeded</span>"));
		String done = page("/promotions/" + id, "victor", null).getResponseBody();
		assertThat(done).doesNotContain("hx-trigger").contains("bob approved 1.5.0 ship it").contains("merge succeeded");
	}

	@Test
	void theLivePollAsksForAReloadOnlyWhenTheCallersActionsChanged() {
		seed("search");
		long id = request("dave", "search");
		String html = page("/promotions/" + id, "dave", null).getResponseBody();
		Matcher poller = Pattern.compile("hx-get=\"/promotions/" + id + "\\?actions=([0-9a-f]+)\"").matcher(html);
		assertThat(poller.find()).as("the page polls its live regions").isTrue();
		String fingerprint = poller.group(1);

		EntityExchangeResult<String> same = live(id, fingerprint);
		assertThat(same.getResponseHeaders().getFirst("HX-Refresh")).isNull();
		assertThat(same.getResponseBody()).contains("id=\"promotion-poller\"")
			.contains("id=\"promotion-gates\" class=\"panel prm-gates\" hx-swap-oob=\"true\"")
			.contains("id=\"promotion-steps\"")
			.contains("id=\"promotion-timeline\"")
			.doesNotContain("<html");

		submit("/promotions/" + id + "/abort", "dave", form());
		EntityExchangeResult<String> changed = live(id, fingerprint);
		assertThat(changed.getResponseHeaders().getFirst("HX-Refresh")).isEqualTo("true");
		assertThat(page("/promotions/" + id, "dave", null).getResponseBody())
			.contains("<span class=\"badge badge-unknown\">Aborted</span>")
			.contains("aborted by dave")
			.doesNotContain("hx-trigger")
			.doesNotContain("action=\"/promotions/" + id + "/");
		assertThat(page("/promotions/999999", "dave", null).getStatus()).isEqualTo(HttpStatus.NOT_FOUND);
	}

	// --- helpers

	private String tip() {
		try (Repository repository = new FileRepositoryBuilder().setGitDir(this.dataDir.resolve("infra.git").toFile())
			.setBare()
			.build()) {
			return repository.exactRef(Constants.R_HEADS + "main").getObjectId().name();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private long request(String user, String service) {
		EntityExchangeResult<Void> requested = submit("/promotions", user,
				form("service", service, "from", "staging", "to", "production"));
		String location = requested.getResponseHeaders().getLocation().toString();
		assertThat(location).as("redirected to the new promotion").matches("/promotions/\\d+");
		return Long.parseLong(location.substring("/promotions/".length()));
	}

	private EntityExchangeResult<String> live(long id, String fingerprint) {
		return this.client.get()
			.uri("/promotions/{id}?actions={fingerprint}", id, fingerprint)
			.header("HX-Request", "true")
			.headers((headers) -> headers.setBasicAuth("dave", "dave-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult();
	}

	private EntityExchangeResult<String> page(String uri, String user, ResponseCookie session) {
		WebTestClient.RequestHeadersSpec<?> request = this.client.get()
			.uri(uri)
			.accept(MediaType.TEXT_HTML)
			.headers((headers) -> headers.setBasicAuth(user, user + "-pw"));
		if (session != null) {
			request = request.cookie(session.getName(), session.getValue());
		}
		return request.exchange().expectBody(String.class).returnResult();
	}

	private EntityExchangeResult<Void> submit(String uri, String user, MultiValueMap<String, String> form) {
		return this.client.post()
			.uri(uri)
			.headers((headers) -> headers.setBasicAuth(user, user + "-pw"))
			.body(BodyInserters.fromFormData(form))
			.exchange()
			.expectBody(Void.class)
			.returnResult();
	}

	private static MultiValueMap<String, String> form(String... pairs) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			form.add(pairs[i], pairs[i + 1]);
		}
		return form;
	}

}
