package io.slipway.forge.internal;

import java.util.List;

import io.slipway.forge.ForgeAuthenticationException;
import io.slipway.forge.ForgeClient;
import io.slipway.forge.ForgeConflictException;
import io.slipway.forge.ForgeException;
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
 * The GitHub client against a stub that answers as GitHub's REST API documents (version
 * 2022-11-28): pull requests, labels through the issues API, merges, and GitHub's error bodies.
 */
class GitHubForgeClientTests {

	@StartStop
	final MockWebServer github = new MockWebServer();

	private ForgeClient client;

	private static final OpenPullRequest PAYMENTS = new OpenPullRequest("feat/payments", "main",
			"feat(payments): add deployment configuration", "Checks: 14 passed", List.of());

	@BeforeEach
	void connect() {
		this.client = ForgeFixtures.client(ForgeProperties.Type.GITHUB, this.github.url("/").toString(),
				"octo-org/infra");
	}

	@Test
	void opensAPullRequestWithTheDocumentedRequest() throws Exception {
		this.github.enqueue(json(201, "github/pull-open.json"));

		StepVerifier.create(this.client.open(PAYMENTS))
			.expectNext(new ForgePullRequest("42", 42, "https://github.com/octo-org/infra/pull/42", State.OPEN,
					"feat/payments", "main", null))
			.expectComplete()
			.verify(PATIENCE);

		RecordedRequest create = next(this.github);
		assertThat(create.getMethod()).isEqualTo("POST");
		assertThat(create.getTarget()).isEqualTo("/repos/octo-org/infra/pulls");
		assertThat(create.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
		assertThat(create.getHeaders().get("Accept")).isEqualTo("application/vnd.github+json");
		assertThat(create.getHeaders().get("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
		assertThat(create.getHeaders().get("User-Agent")).startsWith("Slipway");
		assertThat(create.getHeaders().get("Content-Type")).startsWith("application/json");
		assertThat(body(create)).isEqualTo(tree("""
				{"title": "feat(payments): add deployment configuration", "head": "feat/payments", "base": "main",
				 "body": "Checks: 14 passed"}
				"""));
		// no labels asked for, so no second request
		assertThat(this.github.getRequestCount()).isEqualTo(1);
	}

	@Test
	void labelsTheNewPullRequestThroughTheIssuesApi() throws Exception {
		this.github.enqueue(json(201, "github/pull-open.json"));
		this.github.enqueue(json(200, "github/labels-added.json"));
		OpenPullRequest labelled = new OpenPullRequest(PAYMENTS.head(), PAYMENTS.base(), PAYMENTS.title(),
				PAYMENTS.body(), List.of("onboarding", "slipway"));

		StepVerifier.create(this.client.open(labelled))
			.assertNext((pull) -> assertThat(pull.number()).isEqualTo(42))
			.expectComplete()
			.verify(PATIENCE);

		next(this.github);
		RecordedRequest labels = next(this.github);
		assertThat(labels.getMethod()).isEqualTo("POST");
		assertThat(labels.getTarget()).isEqualTo("/repos/octo-org/infra/issues/42/labels");
		assertThat(labels.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
		assertThat(body(labels)).isEqualTo(tree("""
				{"labels": ["onboarding", "slipway"]}
				"""));
	}

	@Test
	void keepsThePullRequestWhenLabellingIsRefused() throws Exception {
		this.github.enqueue(json(201, "github/pull-open.json"));
		this.github.enqueue(json(404, "github/error-404-not-found.json"));
		OpenPullRequest labelled = new OpenPullRequest(PAYMENTS.head(), PAYMENTS.base(), PAYMENTS.title(),
				PAYMENTS.body(), List.of("onboarding"));

		StepVerifier.create(this.client.open(labelled))
			.assertNext((pull) -> assertThat(pull.url()).isEqualTo("https://github.com/octo-org/infra/pull/42"))
			.expectComplete()
			.verify(PATIENCE);
		assertThat(this.github.getRequestCount()).isEqualTo(2);
	}

	@ParameterizedTest
	@CsvSource(textBlock = """
			github/pull-open.json,   OPEN,
			github/pull-merged.json, MERGED, 3a0f86fb8db8eea7ccbb9a95f325ddbedfb25e15
			github/pull-closed.json, CLOSED,
			""")
	void readsTheStateOfAPullRequest(String fixture, State state, String mergeCommit) throws Exception {
		this.github.enqueue(json(200, fixture));

		StepVerifier.create(this.client.get("42"))
			.expectNext(new ForgePullRequest("42", 42, "https://github.com/octo-org/infra/pull/42", state,
					"feat/payments", "main", mergeCommit))
			.expectComplete()
			.verify(PATIENCE);

		RecordedRequest read = next(this.github);
		assertThat(read.getMethod()).isEqualTo("GET");
		assertThat(read.getTarget()).isEqualTo("/repos/octo-org/infra/pulls/42");
	}

	@Test
	void mergesWithAMergeCommitAndReportsIt() throws Exception {
		this.github.enqueue(json(200, "github/merged.json"));
		this.github.enqueue(json(200, "github/pull-merged.json"));

		StepVerifier.create(this.client.merge("42", "Merge feat/payments: add deployment configuration"))
			.expectNext(new ForgePullRequest("42", 42, "https://github.com/octo-org/infra/pull/42", State.MERGED,
					"feat/payments", "main", "3a0f86fb8db8eea7ccbb9a95f325ddbedfb25e15"))
			.expectComplete()
			.verify(PATIENCE);

		RecordedRequest merge = next(this.github);
		assertThat(merge.getMethod()).isEqualTo("PUT");
		assertThat(merge.getTarget()).isEqualTo("/repos/octo-org/infra/pulls/42/merge");
		assertThat(body(merge)).isEqualTo(tree("""
				{"commit_title": "Merge feat/payments: add deployment configuration", "merge_method": "merge"}
				"""));
		assertThat(next(this.github).getTarget()).isEqualTo("/repos/octo-org/infra/pulls/42");
	}

	@Test
	void trustsTheMergeAnswerOverAReadThatLagsBehind() {
		this.github.enqueue(json(200, "github/merged.json"));
		// GitHub's replicas may still show the pull request open right after the merge
		this.github.enqueue(json(200, "github/pull-open.json"));

		StepVerifier.create(this.client.merge("42", "Merge"))
			.assertNext((pull) -> {
				assertThat(pull.state()).isEqualTo(State.MERGED);
				assertThat(pull.mergeCommit()).isEqualTo("3a0f86fb8db8eea7ccbb9a95f325ddbedfb25e15");
			})
			.expectComplete()
			.verify(PATIENCE);
	}

	@Test
	void refusesToMergeWhatGitHubCannotMerge() {
		this.github.enqueue(json(405, "github/error-405-not-mergeable.json"));

		StepVerifier.create(this.client.merge("42", "Merge"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeConflictException.class)
				.hasMessage("error merging pull request #42 on GitHub (HTTP 405): Pull Request is not mergeable")
				.satisfies((ex) -> assertThat(((ForgeException) ex).httpStatus()).isEqualTo(405)))
			.verify(PATIENCE);
		assertThat(this.github.getRequestCount()).isEqualTo(1);
	}

	@Test
	void reportsAHeadThatMovedDuringTheMerge() {
		this.github.enqueue(json(409, "github/error-409-head-modified.json"));

		StepVerifier.create(this.client.merge("42", "Merge"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeConflictException.class)
				.hasMessageContaining("(HTTP 409): Head branch was modified. Review and try the merge again."))
			.verify(PATIENCE);
	}

	@Test
	void closesWithoutMerging() throws Exception {
		this.github.enqueue(json(200, "github/pull-closed.json"));

		StepVerifier.create(this.client.close("42"))
			.assertNext((pull) -> {
				assertThat(pull.state()).isEqualTo(State.CLOSED);
				assertThat(pull.mergeCommit()).isNull();
			})
			.expectComplete()
			.verify(PATIENCE);

		RecordedRequest close = next(this.github);
		assertThat(close.getMethod()).isEqualTo("PATCH");
		assertThat(close.getTarget()).isEqualTo("/repos/octo-org/infra/pulls/42");
		assertThat(body(close)).isEqualTo(tree("""
				{"state": "closed"}
				"""));
	}

	@Test
	void replacesTheDescriptionAndNothingElse() throws Exception {
		this.github.enqueue(json(200, "github/pull-open.json"));

		StepVerifier.create(this.client.updateDescription("42", "Gates\n- [PASSED] soak"))
			.assertNext((pull) -> assertThat(pull.state()).isEqualTo(State.OPEN))
			.expectComplete()
			.verify(PATIENCE);

		RecordedRequest update = next(this.github);
		assertThat(update.getMethod()).isEqualTo("PATCH");
		assertThat(update.getTarget()).isEqualTo("/repos/octo-org/infra/pulls/42");
		// no "state" or "title": the pull request stays open under its title
		assertThat(body(update)).isEqualTo(tree("""
				{"body": "Gates\\n- [PASSED] soak"}
				"""));
	}

	@Test
	void aDescriptionUpdateGitHubRefusesIsReportedWithItsWords() {
		this.github.enqueue(json(404, "github/error-404-not-found.json"));

		StepVerifier.create(this.client.updateDescription("41", "Gates"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeNotFoundException.class)
				.hasMessageContaining("updating the description of pull request #41")
				.hasMessageNotContaining(TOKEN))
			.verify(PATIENCE);
	}

	@Test
	void badCredentialsAreAnAuthenticationFailureWithoutTheToken() {
		this.github.enqueue(json(401, "github/error-401-bad-credentials.json"));

		StepVerifier.create(this.client.open(PAYMENTS))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeAuthenticationException.class)
				.hasMessage("error opening a pull request from feat/payments into main on GitHub (HTTP 401): "
						+ "Bad credentials")
				.message()
				.doesNotContain(TOKEN))
			.verify(PATIENCE);
	}

	@Test
	void anUnknownPullRequestIsNotFound() {
		this.github.enqueue(json(404, "github/error-404-not-found.json"));

		StepVerifier.create(this.client.get("4242"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeNotFoundException.class)
				.hasMessage("error reading pull request #4242 on GitHub (HTTP 404): Not Found"))
			.verify(PATIENCE);
	}

	@Test
	void aSecondPullRequestForTheBranchIsAConflict() {
		this.github.enqueue(json(422, "github/error-422-already-exists.json"));

		StepVerifier.create(this.client.open(PAYMENTS))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeConflictException.class)
				.hasMessageEndingWith(
						"(HTTP 422): Validation Failed: A pull request already exists for octo-org:feat/payments."))
			.verify(PATIENCE);
	}

	@Test
	void otherValidationFailuresAreRejections() {
		this.github.enqueue(json(422, "github/error-422-no-commits.json"));

		StepVerifier.create(this.client.open(PAYMENTS))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeRequestRejectedException.class)
				.hasMessageEndingWith("Validation Failed: No commits between main and feat/payments"))
			.verify(PATIENCE);
	}

	@Test
	void aRateLimitIsWorthARetry() {
		this.github.enqueue(new MockResponse.Builder(json(403, "github/error-401-bad-credentials.json"))
			.setHeader("x-ratelimit-remaining", "0")
			.body("{\"message\": \"API rate limit exceeded for user ID 583231.\"}")
			.build());

		StepVerifier.create(this.client.get("42"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeUnavailableException.class)
				.hasMessageEndingWith("(HTTP 403): API rate limit exceeded for user ID 583231."))
			.verify(PATIENCE);
	}

	@Test
	void aServerErrorIsUnavailability() {
		this.github.enqueue(ForgeFixtures.empty(502));

		StepVerifier.create(this.client.get("42"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeUnavailableException.class)
				.hasMessage("error reading pull request #42 on GitHub (HTTP 502): Bad Gateway"))
			.verify(PATIENCE);
	}

	@Test
	void aForgeThatIsDownIsUnavailable() throws Exception {
		String url = ForgeFixtures.deadUrl("/");
		ForgeClient unreachable = ForgeFixtures.client(ForgeProperties.Type.GITHUB, url, "octo-org/infra");

		StepVerifier.create(unreachable.get("42"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeUnavailableException.class)
				.hasMessageStartingWith(
						"error reading pull request #42 on GitHub: cannot reach " + url.replaceAll("/$", ""))
				.satisfies((ex) -> assertThat(((ForgeException) ex).httpStatus()).isNull()))
			.verify(PATIENCE);
	}

	@Test
	void aForgeThatNeverAnswersFailsWithinTheTimeout() {
		this.github.enqueue(ForgeFixtures.silence());
		String url = this.github.url("/").toString();
		ForgeClient impatient = ForgeFixtures.client(ForgeProperties.Type.GITHUB, url, "octo-org/infra",
				ForgeFixtures.SHORT_TIMEOUT);

		StepVerifier.create(impatient.get("42"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeUnavailableException.class)
				.hasMessage("error reading pull request #42 on GitHub: no answer from " + url.replaceAll("/$", "")
						+ " within 1s"))
			.verify(PATIENCE);
	}

	@Test
	void refusesIdsThatAreNotPullRequestNumbers() {
		StepVerifier.create(this.client.get("../../admin"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(IllegalArgumentException.class)
				.hasMessage("not a pull request id: '../../admin'"))
			.verify(PATIENCE);
		assertThat(this.github.getRequestCount()).isZero();
	}

}
