package io.slipway.changerequest;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * {@code /api/v1/change-requests} over HTTP with Basic authentication, as scripts and the
 * contract's clients call it: status codes, JSON bodies and problem details.
 */
@ChangeRequestIntegrationTest
class ChangeRequestApiTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Autowired
	private WebTestClient client;

	@Autowired
	private ChangeRequestManagement changeRequests;

	@Autowired
	private InfraBranches infra;

	private String branch;

	private String path;

	private String head;

	private long id;

	@BeforeEach
	void openChangeRequest() {
		this.branch = this.infra.newBranchName("feat/api");
		this.path = "services/" + this.branch + "/base/kustomization.yaml";
		this.head = this.infra.commit(this.branch, "feat(api): add", Map.of(this.path, "resources: []\n"));
		this.id = this.changeRequests
			.open(new OpenChangeRequest(this.branch, null, "feat(api): add deployment configuration",
					"Rendered from pack goapps@1.0.0.", "erin"))
			.block(WAIT)
			.id();
	}

	private WebTestClient.RequestHeadersSpec<?> get(String uri, String user) {
		return this.client.get().uri(uri).headers((headers) -> headers.setBasicAuth(user, user + "-pw"));
	}

	private WebTestClient.ResponseSpec post(String action, String user) {
		return this.client.post()
			.uri("/api/v1/change-requests/{id}/{action}", this.id, action)
			.headers((headers) -> headers.setBasicAuth(user, user + "-pw"))
			.exchange();
	}

	@Test
	void listsChangeRequestsWithTheirReviewState() {
		get("/api/v1/change-requests?state=open", "victor").exchange()
			.expectStatus().isOk()
			.expectHeader().contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$[?(@.id == %d)].title".formatted(this.id)).isEqualTo("feat(api): add deployment configuration")
			.jsonPath("$[?(@.id == %d)].state".formatted(this.id)).isEqualTo("OPEN")
			.jsonPath("$[?(@.id == %d)].sourceBranch".formatted(this.id)).isEqualTo(this.branch)
			.jsonPath("$[?(@.id == %d)].targetBranch".formatted(this.id)).isEqualTo("main")
			.jsonPath("$[?(@.id == %d)].author".formatted(this.id)).isEqualTo("erin")
			.jsonPath("$[?(@.id == %d)].headCommit".formatted(this.id)).isEqualTo(this.head)
			.jsonPath("$[?(@.id == %d)].approvalsRequired".formatted(this.id)).isEqualTo(1)
			.jsonPath("$[?(@.id == %d)].currentApprovals".formatted(this.id)).isEqualTo(0)
			.jsonPath("$[?(@.id == %d)].url".formatted(this.id)).isEqualTo("/change-requests/" + this.id)
			.jsonPath("$[*].state").value((states) -> assertThat(states.toString()).doesNotContain("MERGED", "CLOSED"));
		get("/api/v1/change-requests?state=MERGED", "victor").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$[*].id").value((ids) -> assertThat(ids.toString()).doesNotContain(String.valueOf(this.id)));
		get("/api/v1/change-requests?state=draft", "victor").exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail").isEqualTo("unknown state 'draft': use open, merged, closed or all");
	}

	@Test
	void showsOneChangeRequestWithItsDiff() {
		get("/api/v1/change-requests/" + this.id, "victor").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.id").isEqualTo(this.id)
			.jsonPath("$.body").isEqualTo("Rendered from pack goapps@1.0.0.")
			.jsonPath("$.changedPaths[0]").isEqualTo(this.path)
			.jsonPath("$.diff").value(containsString("+++ b/" + this.path))
			.jsonPath("$.diff").value(containsString("new file mode 100644"))
			.jsonPath("$.diffError").doesNotExist();
		get("/api/v1/change-requests/999999", "victor").exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status").isEqualTo(404)
			.jsonPath("$.detail").isEqualTo("there is no change request #999999")
			.jsonPath("$.instance").isEqualTo("/api/v1/change-requests/999999");
	}

	@Test
	void refusesTheAuthorsOwnApprovalAndAMergeWithoutApprovals() {
		post("approve", "erin").expectStatus().isForbidden()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status").isEqualTo(403)
			.jsonPath("$.detail").value(startsWith("authors cannot approve their own change request"));
		// a developer may not approve at all: the permission matrix answers before the feature
		post("approve", "dave").expectStatus().isForbidden()
			.expectBody()
			.jsonPath("$.detail").isEqualTo("role approver or admin required for POST /api/v1/change-requests/"
					+ this.id + "/approve");
		post("merge", "bob").expectStatus().isEqualTo(409)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.reason").isEqualTo("NOT_APPROVED")
			.jsonPath("$.detail").value(containsString("needs 1 approval of its latest commit " + this.head.substring(0, 7)));
	}

	@Test
	void approvesMergesAndRefusesToMergeTwice() {
		post("approve", "bob").expectStatus().isOk()
			.expectBody()
			.jsonPath("$.approvals[0].approver").isEqualTo("bob")
			.jsonPath("$.approvals[0].headCommit").isEqualTo(this.head)
			.jsonPath("$.approvals[0].current").isEqualTo(true)
			.jsonPath("$.approvalsSatisfied").isEqualTo(true);

		post("merge", "carol").expectStatus().isOk()
			.expectBody()
			.jsonPath("$.state").isEqualTo("MERGED")
			.jsonPath("$.mergedBy").isEqualTo("carol")
			.jsonPath("$.mergeCommit").isEqualTo(this.head);
		assertThat(this.infra.file("main", this.path)).contains("resources: []\n");

		post("merge", "carol").expectStatus().isEqualTo(409)
			.expectBody()
			.jsonPath("$.reason").isEqualTo("NOT_OPEN")
			.jsonPath("$.detail").isEqualTo("change request #" + this.id + " is merged; only open change requests can change");
	}

	@Test
	void refusesAConflictingMergeNamingTheFiles() {
		this.infra.commit("main", "feat: the same file, differently", Map.of(this.path, "resources:\n  - other.yaml\n"));
		post("approve", "bob").expectStatus().isOk();

		post("merge", "bob").expectStatus().isEqualTo(409)
			.expectBody()
			.jsonPath("$.reason").isEqualTo("MERGE_CONFLICT")
			.jsonPath("$.paths").value(hasItem(this.path))
			.jsonPath("$.detail").value(containsString("cannot be merged: " + this.branch + " and main both changed " + this.path));
		get("/api/v1/change-requests/" + this.id, "victor").exchange().expectBody().jsonPath("$.state").isEqualTo("OPEN");
	}

	@Test
	void closesForADeveloper() {
		post("close", "dave").expectStatus().isOk()
			.expectBody()
			.jsonPath("$.state").isEqualTo("CLOSED")
			.jsonPath("$.closedBy").isEqualTo("dave");
		post("approve", "bob").expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason").isEqualTo("NOT_OPEN");
		this.client.post()
			.uri("/api/v1/change-requests/999999/close")
			.headers((headers) -> headers.setBasicAuth("dave", "dave-pw"))
			.exchange()
			.expectStatus().isNotFound();
	}

}
