package io.slipway.changerequest;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code /change-requests} pages as a browser gets them: the list, the detail with its diff,
 * the buttons each user may use, and the forms' round trip with its one-time message.
 */
@ChangeRequestIntegrationTest
class ChangeRequestPageTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Autowired
	private WebTestClient client;

	@Autowired
	private ChangeRequestManagement changeRequests;

	@Autowired
	private InfraBranches infra;

	private String branch;

	private String path;

	private long id;

	@BeforeEach
	void openChangeRequest() {
		this.branch = this.infra.newBranchName("feat/page");
		this.path = "services/" + this.branch + "/base/deployment.yaml";
		this.infra.commit(this.branch, "feat(page): add", Map.of(this.path, "kind: Deployment\nreplicas: 2\n"));
		this.id = this.changeRequests
			.open(new OpenChangeRequest(this.branch, null, "feat(page): add <deployment> configuration",
					"Checks: labels, probes, limits.", "erin"))
			.block(WAIT)
			.id();
	}

	private EntityExchangeResult<String> page(String uri, String user, ResponseCookie... cookies) {
		WebTestClient.RequestHeadersSpec<?> request = this.client.get()
			.uri(uri)
			.accept(MediaType.TEXT_HTML)
			.headers((headers) -> headers.setBasicAuth(user, user + "-pw"));
		for (ResponseCookie cookie : cookies) {
			request = request.cookie(cookie.getName(), cookie.getValue());
		}
		return request.exchange().expectBody(String.class).returnResult();
	}

	private EntityExchangeResult<Void> submit(String action, String user) {
		return this.client.post()
			.uri("/change-requests/{id}/{action}", this.id, action)
			.headers((headers) -> headers.setBasicAuth(user, user + "-pw"))
			.exchange()
			.expectBody(Void.class)
			.returnResult();
	}

	@Test
	void listsChangeRequestsInATableWithStateAndApprovals() {
		EntityExchangeResult<String> result = page("/change-requests", "victor");

		assertThat(result.getStatus()).isEqualTo(HttpStatus.OK);
		assertThat(result.getResponseBody()).contains("<h1>Change requests</h1>")
			.contains("<a href=\"/change-requests\" hx-get=\"/change-requests\" aria-current=\"page\" class=\"active\">Change requests</a>")
			.contains("<td class=\"cr-number\">#" + this.id + "</td>")
			.contains("<a href=\"/change-requests/" + this.id + "\">feat(page): add &lt;deployment&gt; configuration</a>")
			.contains("<code>" + this.branch + "</code>")
			.contains("<td>erin</td>")
			.contains("<span class=\"badge badge-progress\">Open</span>")
			.contains(">0/1</span>")
			.contains("href=\"/change-requests?state=open\"");

		String merged = page("/change-requests?state=merged", "victor").getResponseBody();
		assertThat(merged).doesNotContain("#" + this.id + "</td>")
			.contains("class=\"active\">Merged (");
		// htmx asks for the table only
		String fragment = this.client.get()
			.uri("/change-requests?state=open")
			.header("HX-Request", "true")
			.headers((headers) -> headers.setBasicAuth("victor", "victor-pw"))
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(fragment).startsWith("<div id=\"change-request-results\">").doesNotContain("<html");
		assertThat(page("/change-requests?state=draft", "victor").getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
	}

	@Test
	void showsTheDiffFileByFileWithAddedLinesMarked() {
		String html = page("/change-requests/" + this.id, "victor").getResponseBody();

		assertThat(html).contains("feat(page): add &lt;deployment&gt; configuration")
			.contains("erin wants to merge " + this.branch + " into main")
			.contains("Checks: labels, probes, limits.")
			.contains("1 file changed")
			.contains("<code class=\"diff-path\">" + this.path + "</code>")
			.contains("<span class=\"badge badge-ok\">added</span>")
			.contains("<tr class=\"diff-added\">")
			.contains("<span class=\"diff-sign\">+</span><span>replicas: 2</span>")
			.contains("No approvals yet.")
			// a viewer sees no actions
			.doesNotContain("action=\"/change-requests/" + this.id);
		assertThat(page("/change-requests/999999", "victor").getStatus()).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void showsEachUserOnlyTheActionsTheyMayTake() {
		String approver = page("/change-requests/" + this.id, "bob").getResponseBody();
		assertThat(approver).contains("action=\"/change-requests/" + this.id + "/approve\"")
			.contains("action=\"/change-requests/" + this.id + "/close\"")
			// not approved yet: no merge button, and the page says why
			.doesNotContain("action=\"/change-requests/" + this.id + "/merge\"")
			.contains("Needs 1 more approval of ")
			.contains("name=\"_csrf\"");

		String author = page("/change-requests/" + this.id, "erin").getResponseBody();
		assertThat(author).doesNotContain("/approve\"")
			.contains("You opened this change request: someone else has to approve it.")
			.contains("action=\"/change-requests/" + this.id + "/close\"");

		String developer = page("/change-requests/" + this.id, "dave").getResponseBody();
		assertThat(developer).doesNotContain("/approve\"").contains("/close\"");
	}

	@Test
	void approvingAndMergingFromThePageComeBackWithAMessage() {
		EntityExchangeResult<Void> approved = submit("approve", "bob");
		assertThat(approved.getStatus()).isEqualTo(HttpStatus.SEE_OTHER);
		assertThat(approved.getResponseHeaders().getLocation()).hasToString("/change-requests/" + this.id);
		ResponseCookie session = approved.getResponseCookies().getFirst("SESSION");
		assertThat(session).as("session cookie carrying the message").isNotNull();

		String afterApproval = page("/change-requests/" + this.id, "bob", session).getResponseBody();
		assertThat(afterApproval).contains("You approved change request #" + this.id + ".")
			.contains("action=\"/change-requests/" + this.id + "/merge\"")
			.doesNotContain("action=\"/change-requests/" + this.id + "/approve\"")
			.contains("<strong>bob</strong>");
		// the message shows once
		assertThat(page("/change-requests/" + this.id, "bob", session).getResponseBody())
			.doesNotContain("You approved change request");

		EntityExchangeResult<Void> merged = submit("merge", "carol");
		String afterMerge = page("/change-requests/" + this.id, "carol", merged.getResponseCookies().getFirst("SESSION"))
			.getResponseBody();
		assertThat(afterMerge).contains("Change request #" + this.id + " was merged into main.")
			.contains("<span class=\"badge badge-ok\">Merged</span>")
			.contains("carol merged " + this.branch + " into main")
			.doesNotContain("action=\"/change-requests/" + this.id + "/");
		assertThat(this.infra.file("main", this.path)).contains("kind: Deployment\nreplicas: 2\n");
	}

	@Test
	void aRefusedActionComesBackWithTheReason() {
		EntityExchangeResult<Void> refused = submit("approve", "erin");

		assertThat(refused.getStatus()).isEqualTo(HttpStatus.SEE_OTHER);
		String html = page("/change-requests/" + this.id, "erin", refused.getResponseCookies().getFirst("SESSION"))
			.getResponseBody();
		assertThat(html).contains("role=\"alert\"")
			.contains("Not approved:")
			.contains("authors cannot approve their own change request");
		assertThat(submit("approve", "bob").getStatus()).isEqualTo(HttpStatus.SEE_OTHER);
		assertThat(this.client.post()
			.uri("/change-requests/999999/close")
			.accept(MediaType.TEXT_HTML)
			.headers((headers) -> headers.setBasicAuth("dave", "dave-pw"))
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getStatus()).isEqualTo(HttpStatus.NOT_FOUND);
	}

}
