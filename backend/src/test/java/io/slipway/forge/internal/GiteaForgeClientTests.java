package io.slipway.forge.internal;

import java.util.List;

import io.slipway.forge.ForgeAuthenticationException;
import io.slipway.forge.ForgeClient;
import io.slipway.forge.ForgeConflictException;
import io.slipway.forge.ForgeNotFoundException;
import io.slipway.forge.ForgeProperties;
import io.slipway.forge.ForgePullRequest;
import io.slipway.forge.ForgePullRequest.State;
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
 * The Gitea client against a stub that answers as Gitea's REST API v1 (swagger) documents: labels
 * looked up by name and sent as ids, the merge's empty answer followed by a read, and Gitea's
 * {@code {"message", "url"}} error bodies.
 */
class GiteaForgeClientTests {

	private static final String HTML_URL = "https://gitea.example.com/platform/infra/pulls/3";

	private static final OpenPullRequest PAYMENTS = new OpenPullRequest("feat/payments", "main",
			"feat(payments): add deployment configuration", "Checks: 14 passed", List.of());

	@StartStop
	final MockWebServer gitea = new MockWebServer();

	private ForgeClient client;

	@BeforeEach
	void connect() {
		this.client = ForgeFixtures.client(ForgeProperties.Type.GITEA, this.gitea.url("/api/v1").toString(),
				"platform/infra");
	}

	@Test
	void opensAPullRequestWithTheDocumentedRequest() throws Exception {
		this.gitea.enqueue(json(201, "gitea/pull-open.json"));

		StepVerifier.create(this.client.open(PAYMENTS))
			.expectNext(new ForgePullRequest("3", 3, HTML_URL, State.OPEN, "feat/payments", "main", null))
			.expectComplete()
			.verify(PATIENCE);

		RecordedRequest create = next(this.gitea);
		assertThat(create.getMethod()).isEqualTo("POST");
		assertThat(create.getTarget()).isEqualTo("/api/v1/repos/platform/infra/pulls");
		assertThat(create.getHeaders().get("Authorization")).isEqualTo("token " + TOKEN);
		assertThat(create.getHeaders().get("Accept")).isEqualTo("application/json");
		assertThat(create.getHeaders().get("User-Agent")).startsWith("Slipway");
		assertThat(create.getHeaders().get("Content-Type")).startsWith("application/json");
		assertThat(body(create)).isEqualTo(tree("""
				{"head": "feat/payments", "base": "main", "title": "feat(payments): add deployment configuration",
				 "body": "Checks: 14 passed", "labels": []}
				"""));
		// no labels asked for, so none looked up
		assertThat(this.gitea.getRequestCount()).isEqualTo(1);
	}

	@Test
	void sendsTheIdsOfTheLabelsItKnowsAndSkipsTheRest() throws Exception {
		this.gitea.enqueue(new MockResponse.Builder(json(200, "gitea/labels.json")).setHeader("X-Total-Count", "3")
			.build());
		this.gitea.enqueue(json(201, "gitea/pull-open.json"));
		OpenPullRequest labelled = new OpenPullRequest(PAYMENTS.head(), PAYMENTS.base(), PAYMENTS.title(),
				PAYMENTS.body(), List.of("slipway", "no-such-label", "onboarding"));

		StepVerifier.create(this.client.open(labelled)).expectNextCount(1).expectComplete().verify(PATIENCE);

		RecordedRequest labels = next(this.gitea);
		assertThat(labels.getMethod()).isEqualTo("GET");
		assertThat(labels.getTarget()).isEqualTo("/api/v1/repos/platform/infra/labels?page=1&limit=50");
		assertThat(labels.getHeaders().get("Authorization")).isEqualTo("token " + TOKEN);
		RecordedRequest create = next(this.gitea);
		assertThat(body(create).get("labels")).isEqualTo(tree("[4, 1]"));
		assertThat(this.gitea.getRequestCount()).isEqualTo(2);
	}

	@Test
	void readsEveryPageOfLabels() throws Exception {
		// a server that caps pages at 2 labels: the total header says a second page exists
		this.gitea.enqueue(new MockResponse.Builder().code(200)
			.setHeader("Content-Type", "application/json")
			.setHeader("X-Total-Count", "3")
			.body("""
					[{"id": 1, "name": "onboarding", "color": "0e8a16"},
					 {"id": 2, "name": "kind/bug", "color": "ee0701"}]
					""")
			.build());
		this.gitea.enqueue(new MockResponse.Builder().code(200)
			.setHeader("Content-Type", "application/json")
			.setHeader("X-Total-Count", "3")
			.body("""
					[{"id": 4, "name": "slipway", "color": "1d76db"}]
					""")
			.build());
		this.gitea.enqueue(json(201, "gitea/pull-open.json"));
		OpenPullRequest labelled = new OpenPullRequest(PAYMENTS.head(), PAYMENTS.base(), PAYMENTS.title(),
				PAYMENTS.body(), List.of("onboarding", "slipway"));

		StepVerifier.create(this.client.open(labelled)).expectNextCount(1).expectComplete().verify(PATIENCE);

		assertThat(next(this.gitea).getTarget()).endsWith("/labels?page=1&limit=50");
		assertThat(next(this.gitea).getTarget()).endsWith("/labels?page=2&limit=50");
		assertThat(body(next(this.gitea)).get("labels")).isEqualTo(tree("[1, 4]"));
	}

	@Test
	void opensWithoutLabelsWhenTheyCannotBeListed() throws Exception {
		this.gitea.enqueue(json(404, "gitea/error-404-not-found.json"));
		this.gitea.enqueue(json(201, "gitea/pull-open.json"));
		OpenPullRequest labelled = new OpenPullRequest(PAYMENTS.head(), PAYMENTS.base(), PAYMENTS.title(),
				PAYMENTS.body(), List.of("onboarding"));

		StepVerifier.create(this.client.open(labelled)).expectNextCount(1).expectComplete().verify(PATIENCE);

		next(this.gitea);
		assertThat(body(next(this.gitea)).get("labels")).isEqualTo(tree("[]"));
	}

	@ParameterizedTest
	@CsvSource(textBlock = """
			gitea/pull-open.json,   OPEN,
			gitea/pull-merged.json, MERGED, 3a0f86fb8db8eea7ccbb9a95f325ddbedfb25e15
			gitea/pull-closed.json, CLOSED,
			""")
	void readsTheStateOfAPullRequest(String fixture, State state, String mergeCommit) throws Exception {
		this.gitea.enqueue(json(200, fixture));

		StepVerifier.create(this.client.get("3"))
			.expectNext(new ForgePullRequest("3", 3, HTML_URL, state, "feat/payments", "main", mergeCommit))
			.expectComplete()
			.verify(PATIENCE);

		RecordedRequest read = next(this.gitea);
		assertThat(read.getMethod()).isEqualTo("GET");
		assertThat(read.getTarget()).isEqualTo("/api/v1/repos/platform/infra/pulls/3");
	}

	@Test
	void mergesThenReadsTheMergeCommit() throws Exception {
		// Gitea answers a merge with 200 and no body
		this.gitea.enqueue(ForgeFixtures.empty(200));
		this.gitea.enqueue(json(200, "gitea/pull-merged.json"));

		StepVerifier.create(this.client.merge("3", "Merge feat/payments: add deployment configuration"))
			.expectNext(new ForgePullRequest("3", 3, HTML_URL, State.MERGED, "feat/payments", "main",
					"3a0f86fb8db8eea7ccbb9a95f325ddbedfb25e15"))
			.expectComplete()
			.verify(PATIENCE);

		RecordedRequest merge = next(this.gitea);
		assertThat(merge.getMethod()).isEqualTo("POST");
		assertThat(merge.getTarget()).isEqualTo("/api/v1/repos/platform/infra/pulls/3/merge");
		assertThat(body(merge)).isEqualTo(tree("""
				{"Do": "merge", "MergeTitleField": "Merge feat/payments: add deployment configuration"}
				"""));
		RecordedRequest read = next(this.gitea);
		assertThat(read.getMethod()).isEqualTo("GET");
		assertThat(read.getTarget()).isEqualTo("/api/v1/repos/platform/infra/pulls/3");
	}

	@Test
	void aPullRequestThatCannotBeMergedYetIsAConflict() {
		this.gitea.enqueue(json(405, "gitea/error-405-not-mergeable.json"));

		StepVerifier.create(this.client.merge("3", "Merge"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeConflictException.class)
				.hasMessage("error merging pull request #3 on Gitea (HTTP 405): Please try again later"))
			.verify(PATIENCE);
		assertThat(this.gitea.getRequestCount()).isEqualTo(1);
	}

	@Test
	void aMergeConflictIsAConflict() {
		this.gitea.enqueue(json(409, "gitea/error-409-merge-conflict.json"));

		StepVerifier.create(this.client.merge("3", "Merge"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeConflictException.class)
				.hasMessage("error merging pull request #3 on Gitea (HTTP 409): Conflict"))
			.verify(PATIENCE);
	}

	@Test
	void closesWithoutMerging() throws Exception {
		// Gitea answers an edit with 201
		this.gitea.enqueue(json(201, "gitea/pull-closed.json"));

		StepVerifier.create(this.client.close("3"))
			.assertNext((pull) -> assertThat(pull.state()).isEqualTo(State.CLOSED))
			.expectComplete()
			.verify(PATIENCE);

		RecordedRequest close = next(this.gitea);
		assertThat(close.getMethod()).isEqualTo("PATCH");
		assertThat(close.getTarget()).isEqualTo("/api/v1/repos/platform/infra/pulls/3");
		assertThat(body(close)).isEqualTo(tree("""
				{"state": "closed"}
				"""));
	}

	@Test
	void replacesTheDescriptionAndNothingElse() throws Exception {
		// Gitea answers an edit with 201
		this.gitea.enqueue(json(201, "gitea/pull-open.json"));

		StepVerifier.create(this.client.updateDescription("3", "Gates\n- [PASSED] soak"))
			.assertNext((pull) -> assertThat(pull.state()).isEqualTo(State.OPEN))
			.expectComplete()
			.verify(PATIENCE);

		RecordedRequest update = next(this.gitea);
		assertThat(update.getMethod()).isEqualTo("PATCH");
		assertThat(update.getTarget()).isEqualTo("/api/v1/repos/platform/infra/pulls/3");
		assertThat(body(update)).isEqualTo(tree("""
				{"body": "Gates\\n- [PASSED] soak"}
				"""));
	}

	@Test
	void anInvalidTokenIsAnAuthenticationFailureWithoutTheToken() {
		this.gitea.enqueue(json(401, "gitea/error-401-invalid-token.json"));

		StepVerifier.create(this.client.open(PAYMENTS))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeAuthenticationException.class)
				.hasMessage("error opening a pull request from feat/payments into main on Gitea (HTTP 401): "
						+ "invalid username, password or token")
				.message()
				.doesNotContain(TOKEN))
			.verify(PATIENCE);
	}

	@Test
	void anUnknownPullRequestIsNotFound() {
		this.gitea.enqueue(json(404, "gitea/error-404-not-found.json"));

		StepVerifier.create(this.client.get("99"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeNotFoundException.class)
				.hasMessage("error reading pull request #99 on Gitea (HTTP 404): The target couldn't be found."))
			.verify(PATIENCE);
	}

	@Test
	void aSecondPullRequestForTheBranchIsAConflict() {
		this.gitea.enqueue(json(409, "gitea/error-409-already-exists.json"));

		StepVerifier.create(this.client.open(PAYMENTS))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeConflictException.class)
				.hasMessageContaining("(HTTP 409): pull request already exists for these targets"))
			.verify(PATIENCE);
	}

	@Test
	void aForgeThatIsDownIsUnavailable() throws Exception {
		ForgeClient unreachable = ForgeFixtures.client(ForgeProperties.Type.GITEA, ForgeFixtures.deadUrl("/api/v1"),
				"platform/infra");

		StepVerifier.create(unreachable.close("3"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeUnavailableException.class)
				.hasMessageContaining("error closing pull request #3 on Gitea: cannot reach "))
			.verify(PATIENCE);
	}

	@Test
	void aForgeThatNeverAnswersFailsWithinTheTimeout() {
		this.gitea.enqueue(ForgeFixtures.silence());
		ForgeClient impatient = ForgeFixtures.client(ForgeProperties.Type.GITEA, this.gitea.url("/api/v1").toString(),
				"platform/infra", ForgeFixtures.SHORT_TIMEOUT);

		StepVerifier.create(impatient.get("3"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ForgeUnavailableException.class)
				.hasMessageEndingWith(" within 1s"))
			.verify(PATIENCE);
	}

}
