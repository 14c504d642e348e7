package io.slipway.changerequest;

import java.time.Duration;
import java.util.Map;

import io.slipway.audit.AuditableEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Change requests that live on a forge, against a stub of that forge ({@link FakeForge}): opened as
 * pull requests and listed with their link, followed when the forge merges them, merged and closed
 * through the forge's API, the forge's refusals passed on in its words, reviews left to the forge,
 * and the forge asked at most once per refresh period however often the list is viewed.
 * <p>
 * A subclass starts its forge's stub and points {@code slipway.forge.*} at it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "slipway.data-dir=target/test-data/changerequest-forge-${random.uuid}",
				"spring.datasource.url=jdbc:h2:mem:changerequest-forge-${random.uuid};DB_CLOSE_DELAY=-1",
				"slipway.forge.token=ghp_Xq7Lk2mN9vB4cR8tY1wE5uI3oP6aS0dF",
				"slipway.change-requests.forge-refresh=30s",
				"slipway.security.users[0].name=dave", "slipway.security.users[0].password={noop}dave-pw",
				"slipway.security.users[0].roles=developer",
				"slipway.security.users[1].name=bob", "slipway.security.users[1].password={noop}bob-pw",
				"slipway.security.users[1].roles=approver" })
@AutoConfigureWebTestClient(timeout = "30s")
@Import({ RecordedEvents.class, InfraBranches.class, ForgeChangeRequestContract.Time.class })
abstract class ForgeChangeRequestContract {

	/** Longer than the refresh period: the states Slipway read are due again. */
	private static final Duration REFRESH_PASSED = Duration.ofSeconds(31);

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Autowired
	private ChangeRequestManagement changeRequests;

	@Autowired
	private InfraBranches infra;

	@Autowired
	private RecordedEvents events;

	@Autowired
	private WebTestClient web;

	@Autowired
	private AdjustableClock clock;

	abstract FakeForge forge();

	private ChangeRequest open(String prefix) {
		String branch = this.infra.newBranchName(prefix);
		this.infra.commit(branch, "feat: add " + branch, Map.of("services/" + branch + "/base/a.yaml", "a: 1\n"));
		return this.changeRequests
			.open(new OpenChangeRequest(branch, null, "feat(" + branch + "): add", "Checks: all passed.", "dave"))
			.block(WAIT);
	}

	private JsonNode api(String uri, String user) {
		return this.web.get()
			.uri(uri)
			.headers((headers) -> headers.setBasicAuth(user, user + "-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec post(long id, String action, String user) {
		return this.web.post()
			.uri("/api/v1/change-requests/{id}/{action}", id, action)
			.headers((headers) -> headers.setBasicAuth(user, user + "-pw"))
			.exchange();
	}

	private String page(String uri) {
		return this.web.get()
			.uri(uri)
			.accept(MediaType.TEXT_HTML)
			.headers((headers) -> headers.setBasicAuth("dave", "dave-pw"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	@Test
	void opensThePullRequestOnTheForgeAndListsItWithItsLink() {
		ChangeRequest opened = open("feat/listed");
		int number = forge().numberOf(opened.sourceBranch());
		String url = forge().webUrl(number);

		assertThat(opened.state()).isEqualTo(ChangeRequestState.OPEN);
		assertThat(opened.forge()).isEqualTo(new ForgeLink(forge().name(), number, url, forge() instanceof FakeForge.GitLab));
		assertThat(opened.reviewUrl()).isEqualTo(url);
		assertThat(this.events.ofChangeRequest(opened.id())).singleElement()
			.satisfies((event) -> assertThat(event.details()).containsEntry("forgeUrl", url));

		JsonNode listed = api("/api/v1/change-requests?state=open", "dave");
		JsonNode row = listed.valueStream()
			.filter((node) -> node.get("id").asLong() == opened.id())
			.findFirst()
			.orElseThrow();
		assertThat(row.get("state").asString()).isEqualTo("OPEN");
		assertThat(row.get("reviewUrl").asString()).isEqualTo(url);
		assertThat(row.get("forge").get("forge").asString()).isEqualTo(forge().name());
		assertThat(row.get("forge").get("number").asInt()).isEqualTo(number);

		String list = page("/change-requests");
		assertThat(list).contains("href=\"" + url + "\"").contains(forge().name() + " " + opened.forge().label());
		String detail = page("/change-requests/" + opened.id());
		assertThat(detail).contains("href=\"" + url + "\"")
			.contains(forge().name() + " owns the review")
			// the forge reviews it: no approve button here
			.doesNotContain("/change-requests/" + opened.id() + "/approve");
	}

	@Test
	void showsMergedOnceTheForgeReportsItMerged() {
		ChangeRequest opened = open("feat/merged-there");
		forge().setState(forge().numberOf(opened.sourceBranch()), FakeForge.State.MERGED);
		assertThat(api("/api/v1/change-requests/" + opened.id(), "dave").get("state").asString())
			.as("within the refresh period of opening it").isEqualTo("OPEN");
		this.clock.advance(REFRESH_PASSED);

		// the view that notices may not wait for the answer, so a later one shows it
		await().atMost(WAIT)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> api("/api/v1/change-requests/" + opened.id(), "dave").get("state").asString(),
					"MERGED"::equals);

		JsonNode merged = api("/api/v1/change-requests/" + opened.id(), "dave");
		assertThat(merged.get("mergeCommit").asString()).isEqualTo("3a0f86fb8db8eea7ccbb9a95f325ddbedfb25e15");
		assertThat(merged.get("mergedBy").isNull()).isTrue();
		assertThat(this.events.ofChangeRequest(opened.id())).extracting(AuditableEvent::action, AuditableEvent::actor)
			.containsExactly(tuple("change-request.opened", "dave"), tuple("change-request.merged", forge().name()));
		assertThat(page("/change-requests/" + opened.id())).contains("was merged into main on " + forge().name());
	}

	@Test
	void mergesThroughTheForgesApi() {
		ChangeRequest opened = open("feat/merge-here");
		int number = forge().numberOf(opened.sourceBranch());

		JsonNode merged = post(opened.id(), "merge", "bob").expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		assertThat(merged.get("state").asString()).isEqualTo("MERGED");
		assertThat(merged.get("mergedBy").asString()).isEqualTo("bob");
		assertThat(merged.get("mergeCommit").asString()).isEqualTo("3a0f86fb8db8eea7ccbb9a95f325ddbedfb25e15");
		assertThat(forge().count((request) -> forge().isMerge(request, number))).isEqualTo(1);
		ChangeRequestMerged event = (ChangeRequestMerged) this.events.ofChangeRequest(opened.id()).get(1);
		assertThat(event.actor()).isEqualTo("bob");
		assertThat(event.mergeCommit()).isEqualTo("3a0f86fb8db8eea7ccbb9a95f325ddbedfb25e15");
	}

	@Test
	void passesOnTheForgesRefusalToMergeAndLeavesTheStateAlone() {
		ChangeRequest opened = open("feat/not-mergeable");
		forge().refuseNextMerge();

		post(opened.id(), "merge", "bob").expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("FORGE_REFUSED")
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).contains(forge().name())
				.contains(forge().notMergeableMessage())
				.doesNotContain("ghp_"));

		assertThat(api("/api/v1/change-requests/" + opened.id(), "dave").get("state").asString()).isEqualTo("OPEN");
		assertThat(this.events.ofChangeRequest(opened.id())).extracting(AuditableEvent::action)
			.containsExactly("change-request.opened");
	}

	@Test
	void leavesReviewsToTheForge() {
		ChangeRequest opened = open("feat/review-there");

		post(opened.id(), "approve", "bob").expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("REVIEWED_ON_FORGE")
			.jsonPath("$.detail")
			.isEqualTo("review happens on " + forge().name() + ": " + opened.reviewUrl());
	}

	@Test
	void updatesTheDescriptionOnTheForgeAndInSlipway() {
		ChangeRequest opened = open("feat/described");
		int number = forge().numberOf(opened.sourceBranch());

		ChangeRequest updated = this.changeRequests
			.updateDescription(opened.id(), "Checks: all passed.\nApprovals (1 of 1)", "system")
			.block(WAIT);

		assertThat(forge().description(number)).isEqualTo("Checks: all passed.\nApprovals (1 of 1)");
		assertThat(updated.body()).isEqualTo("Checks: all passed.\nApprovals (1 of 1)");
		// still open on the forge: an update is not a close
		assertThat(updated.state()).isEqualTo(ChangeRequestState.OPEN);
		assertThat(this.events.ofChangeRequest(opened.id())).extracting(AuditableEvent::action)
			.contains("change-request.description-updated");
	}

	@Test
	void aForgeFailingTheDescriptionUpdateKeepsTheStoredDescription() {
		ChangeRequest opened = open("feat/described-later");
		forge().failNext();

		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> this.changeRequests.updateDescription(opened.id(), "new evidence", "system")
				.block(WAIT))
			.isInstanceOf(io.slipway.forge.ForgeUnavailableException.class);
		assertThat(this.changeRequests.find(opened.id()).block(WAIT).orElseThrow().changeRequest().body())
			.isEqualTo("Checks: all passed.");
	}

	@Test
	void closesThroughTheForgesApi() {
		ChangeRequest opened = open("feat/close-here");
		int number = forge().numberOf(opened.sourceBranch());

		post(opened.id(), "close", "bob").expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("CLOSED");

		assertThat(forge().count((request) -> forge().isClose(request, number))).isEqualTo(1);
		assertThat(this.events.ofChangeRequest(opened.id())).extracting(AuditableEvent::action)
			.containsExactly("change-request.opened", "change-request.closed");
	}

	@Test
	void asksTheForgeAtMostOncePerRefreshPeriodHoweverOftenTheListIsViewed() {
		for (int i = 0; i < 6; i++) {
			open("feat/many");
		}
		this.clock.advance(REFRESH_PASSED);
		long open = this.changeRequests.countByState().block(WAIT).get(ChangeRequestState.OPEN);
		long before = forge().reads();

		page("/change-requests");
		// the view waits a while for the answers; slower ones still arrive
		await().atMost(WAIT).until(() -> forge().reads() - before, (reads) -> reads >= open);
		page("/change-requests");
		page("/change-requests?state=open");
		api("/api/v1/change-requests", "dave");

		// each open one read once in the period, however many views follow
		assertThat(open).isGreaterThanOrEqualTo(6);
		assertThat(forge().reads() - before).isEqualTo(open);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Time {

		@Bean
		AdjustableClock adjustableClock() {
			return new AdjustableClock();
		}

	}

}
