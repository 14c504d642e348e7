package io.slipway.forge.internal;

import java.util.List;

import io.slipway.forge.ForgeAuthenticationException;
import io.slipway.forge.ForgeClient;
import io.slipway.forge.ForgeConflictException;
import io.slipway.forge.ForgeNotFoundException;
import io.slipway.forge.ForgeProperties;
import io.slipway.forge.ForgePullRequest;
import io.slipway.forge.ForgePullRequest.State;
import io.slipway.forge.ForgeRequestRejectedException;
import io.slipway.forge.ForgeUnavailableException;
import io.slipway.forge.OpenPullRequest;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.test.StepVerifier;

import static io.slipway.forge.internal.ForgeFixtures.PATIENCE;
import static io.slipway.forge.internal.ForgeFixtures.TOKEN;
import static io.slipway.forge.internal.ForgeFixtures.body;
import static io.slipway.forge.internal.ForgeFixtures.json;
import static io.slipway.forge.internal.ForgeFixtures.next;
import static io.slipway.forge.internal.ForgeFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GitLab client against a stub that answers as GitLab's REST API v4 documents: merge requests
 * in a project addressed by its URL-encoded path, and GitLab's error bodies, whose {@code message}
 * is a string, a list or an object.
 */
class GitLabForgeClientTests {

	private static final String WEB_URL = "https://gitlab.example.com/platform/infra/-/merge_requests/7";

	private static final String MERGE_REQUESTS = "/api/v4/projects/platform%2Finfra/merge_requests";

	private static final OpenPullRequest PAYMENTS = new OpenPullRequest("feat/payments", "main",
			"feat(payments): add deployment configuration", "Checks: 14 passed", List.of("onboarding", "slipway"));

	@StartStop
	final MockWebServer gitlab = new MockWebServer();

	private ForgeClient client;

	@BeforeEach
	void connect() {
		this.client = ForgeFixtures.client(ForgeProperties.Type.GITLAB, this.gitlab.url("/api/v4").toString(),
				"platform/infra");
	}

	@Test
	void opensAMergeRequestWithTheDocumentedRequest() throws Exception {
		this.gitlab.enqueue(json(201, "gitlab/merge-request-opened.json"));

		StepVerifier.create(this.client.open(PAYMENTS))
			.expectNext(new ForgePullRequest("7", 7, WEB_URL, State.OPEN, "feat/payments", "main", null))
			.expectComplete()
			.verify(PATIENCE);

		RecordedRequest create = next(this.gitlab);
		assertThat(create.getMethod()).isEqualTo("POST");
		// the project path is one URL-encoded segment, as GitLab asks
		assertThat(create.getTarget()).isEqualTo(MERGE_REQUESTS);
		assertThat(create.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
		assertThat(create.getHeaders().get("Accept")).isEqualTo("application/json");
		assertThat(create.getHeaders().get("User-Agent")).startsWith("Slipway");
		assertThat(create.getHeaders().get("Content-Type")).startsWith("application/json");
		// labels travel with the merge request, comma-separated
		assertThat(body(create)).isEqualTo(tree("""
				{"source_branch": "feat/payments", "target_branch": "main",
				 "title": "feat(payments): add deployment configuration", "description": "Checks: 14 passed",
				 "labels": "onboarding,slipway"}
				"""));
		assertThat(this.gitlab.getRequestCount()).isEqualTo(1);
	}

	@Test
	void sendsNoLabelsWhenThereAreNone() throws Exception {
		this.gitlab.enqueue(json(201, "gitlab/merge-request-opened.json"));
		OpenPullRequest unlabelled = new OpenPullRequest(PAYMENTS.head(), PAYMENTS.base(), PAYMENTS.title(),
				PAYMENTS.body(), List.of());

		StepVerifier.create(this.client.open(unlabelled)).expectNextCount(1).expectComplete().verify(PATIENCE);

		assertThat(body(next(this.gitlab)).has("labels")).isFalse();
	}

	@Test
	void addressesAProjectByNumericIdToo() throws Exception {
		ForgeClient byId = ForgeFixtures.client(ForgeProperties.Type.GITLAB, this.gitlab.url("/api/v4").toString(),
				"278964");
		this.gitlab.enqueue(json(200, "gitlab/merge-request-opened.json"));

		StepVerifier.create(byId.get("7")).expectNextCount(1).expectComplete().verify(PATIENCE);

		assertThat(next(this.gitlab).getTarget()).isEqualTo("/api/v4/projects/278964/merge_requests/7");
	}

	@ParameterizedTest
	@CsvSource(textBlock = """
			gitlab/merge-request-opened.json,               OPEN,
			gitlab/merge-request-locked.json,               OPEN,
			gitlab/merge-request-merged.json,               MERGED, 3a0f86fb8db8eea7ccbb9a95f325ddbedfb25e15
			gitlab/merge-request-merged-fast-forward.json,  MERGED, 6dcb09b5b57875f334f61aebed695e2e4193db5e
			gitlab/merge-request-closed.json,               CLOSED,
			""")
	void readsTheStateOfAMergeRequest(String fixture, State state, String mergeCommit) throws Exception {
		this.gitlab.enqueue(json(200, fixture));

		StepVerifier.create(this.client.get("7"))
			.expectNext(new ForgePullRequest("7", 7, WEB_URL, state, "feat/payments", "main", mergeCommit))
			.expectComplete()
			.verify(PATIENCE);

		RecordedRequest read = next(this.gitlab);
		assertThat(read.getMethod()).isEqualTo("GET");
		assertThat(read.getTarget()).isEqualTo(MERGE_REQUESTS + "/7");
	}

	@Test
	void mergesWithTheCommitMessageAndReportsTheMergeCommit() throws Exception {
		this.gitlab.enqueue(json(200, "gitlab/merge-request-merged.json"));

		StepVerifier.create(this.client.merge("7", "Merge feat/payments: add deployment configuration"))
			.expectNext(new ForgePullRequest("7", 7, WEB_URL, State.MERGED, "feat/payments", "main",
					"3a0f86fb8db8eea7ccbb9a95f325ddbedfb25e15"))
			.expectComplete()
			.verify(PATIENCE);

		RecordedRequest merge = next(this.gitlab);
		assertThat(merge.getMethod()).isEqualTo("PUT");
		assertThat(merge.getTarget()).isEqualTo(MERGE_REQUESTS + "/7/merge");
		assertThat(body(merge)).isEqualTo(tree("""
				{"merge_commit_message": "Merge feat/payments: add deployment configuration"}
				"""));
		assertThat(this.gitlab.getRequestCount()).isEqualTo(1);
	}

	@Test
	void aMergeRequestThatCannotBeAcceptedIsAConflict() {
		this.gitlab.enqueue(json(405, "gitlab/error-405-method-not-allowed.json"));

		StepVerifier.create(this.client.merge("7", "Merge"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeConflictException.class)
				.hasMessage("error merging merge request !7 on GitLab (HTTP 405): 405 Method Not Allowed"))
			.verify(PATIENCE);
	}

	@Test
	void aBranchThatCannotBeMergedIsAConflict() {
		this.gitlab.enqueue(json(406, "gitlab/error-406-cannot-be-merged.json"));

		StepVerifier.create(this.client.merge("7", "Merge"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeConflictException.class)
				.hasMessage("error merging merge request !7 on GitLab (HTTP 406): Branch cannot be merged"))
			.verify(PATIENCE);
	}

	@Test
	void aSourceBranchThatMovedIsAConflict() {
		this.gitlab.enqueue(json(409, "gitlab/error-409-sha-mismatch.json"));

		StepVerifier.create(this.client.merge("7", "Merge"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeConflictException.class)
				.hasMessageContaining("(HTTP 409): SHA does not match HEAD of source branch"))
			.verify(PATIENCE);
	}

	@Test
	void closesWithTheCloseEvent() throws Exception {
		this.gitlab.enqueue(json(200, "gitlab/merge-request-closed.json"));

		StepVerifier.create(this.client.close("7"))
			.assertNext((pull) -> assertThat(pull.state()).isEqualTo(State.CLOSED))
			.expectComplete()
			.verify(PATIENCE);

		RecordedRequest close = next(this.gitlab);
		assertThat(close.getMethod()).isEqualTo("PUT");
		assertThat(close.getTarget()).isEqualTo(MERGE_REQUESTS + "/7");
		assertThat(body(close)).isEqualTo(tree("""
				{"state_event": "close"}
				"""));
	}

	@Test
	void replacesTheDescriptionAndNothingElse() throws Exception {
		this.gitlab.enqueue(json(200, "gitlab/merge-request-opened.json"));

		StepVerifier.create(this.client.updateDescription("7", "Gates\n- [PASSED] soak"))
			.assertNext((pull) -> assertThat(pull.state()).isEqualTo(State.OPEN))
			.expectComplete()
			.verify(PATIENCE);

		RecordedRequest update = next(this.gitlab);
		assertThat(update.getMethod()).isEqualTo("PUT");
		assertThat(update.getTarget()).isEqualTo(MERGE_REQUESTS + "/7");
		// no state_event: the merge request stays open
		assertThat(body(update)).isEqualTo(tree("""
				{"description": "Gates\\n- [PASSED] soak"}
				"""));
	}

	@Test
	void anUnauthorizedTokenIsAnAuthenticationFailureWithoutTheToken() {
		this.gitlab.enqueue(json(401, "gitlab/error-401-unauthorized.json"));

		StepVerifier.create(this.client.open(PAYMENTS))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeAuthenticationException.class)
				.hasMessage("error opening a merge request from feat/payments into main on GitLab (HTTP 401): "
						+ "401 Unauthorized")
				.message()
				.doesNotContain(TOKEN))
			.verify(PATIENCE);
	}

	@Test
	void anUnknownProjectIsNotFound() {
		this.gitlab.enqueue(json(404, "gitlab/error-404-project-not-found.json"));

		StepVerifier.create(this.client.get("7"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeNotFoundException.class)
				.hasMessage("error reading merge request !7 on GitLab (HTTP 404): 404 Project Not Found"))
			.verify(PATIENCE);
	}

	@Test
	void aSecondMergeRequestForTheBranchIsAConflict() {
		this.gitlab.enqueue(json(409, "gitlab/error-409-already-exists.json"));

		StepVerifier.create(this.client.open(PAYMENTS))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeConflictException.class)
				.hasMessageEndingWith(
						"(HTTP 409): Another open merge request already exists for this source branch: !1"))
			.verify(PATIENCE);
	}

	@Test
	void validationErrorsNameTheField() {
		this.gitlab.enqueue(json(400, "gitlab/error-400-validation.json"));

		StepVerifier.create(this.client.open(PAYMENTS))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeRequestRejectedException.class)
				.hasMessageEndingWith("(HTTP 400): title can't be blank"))
			.verify(PATIENCE);
	}

	@Test
	void aProxyErrorPageIsUnavailabilityWithoutItsMarkup() {
		this.gitlab.enqueue(new MockResponse.Builder().code(503)
			.setHeader("Content-Type", "text/html")
			.body("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>")
			.build());

		StepVerifier.create(this.client.get("7"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeUnavailableException.class)
				.hasMessage("error reading merge request !7 on GitLab (HTTP 503): Service Unavailable"))
			.verify(PATIENCE);
	}

	@Test
	void aForgeThatIsDownIsUnavailable() throws Exception {
		ForgeClient unreachable = ForgeFixtures.client(ForgeProperties.Type.GITLAB, ForgeFixtures.deadUrl("/api/v4"),
				"platform/infra");

		StepVerifier.create(unreachable.merge("7", "Merge"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeUnavailableException.class)
				.hasMessageContaining("error merging merge request !7 on GitLab: cannot reach "))
			.verify(PATIENCE);
	}

	@Test
	void aForgeThatNeverAnswersFailsWithinTheTimeout() {
		this.gitlab.enqueue(ForgeFixtures.silence());
		ForgeClient impatient = ForgeFixtures.client(ForgeProperties.Type.GITLAB,
				this.gitlab.url("/api/v4").toString(), "platform/infra", ForgeFixtures.SHORT_TIMEOUT);

		StepVerifier.create(impatient.open(PAYMENTS))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeUnavailableException.class)
				.hasMessageEndingWith(" within 1s"))
			.verify(PATIENCE);
	}

}
