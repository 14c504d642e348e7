package io.slipway.argocd.fake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The fake against the contract pack: its answers must be the example payloads byte for byte
 * where the state allows, and follow the README's rules where it does not. Uses the JDK's HTTP
 * client so the fake is checked independently of Slipway's own client.
 */
class FakeArgoCdTests {

	private static final String STAGING = "orders-service-staging";

	private static final String PATCH_DISABLING_AUTO_SYNC = "{\"patchType\":\"merge\",\"patch\":"
			+ "\"{\\\"spec\\\":{\\\"syncPolicy\\\":{\\\"automated\\\":{\\\"enabled\\\":false}}}}\"}";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private FakeArgoCd argo;

	@BeforeEach
	void start() {
		this.argo = FakeArgoCd.start();
	}

	@AfterEach
	void stop() {
		this.argo.close();
	}

	// ---------------------------------------------------------------- reads

	@Test
	void getAnswersTheLoadedExampleByteForByte() {
		this.argo.loadApplication(example("application.json"));

		HttpResponse<String> response = send(get("/api/v1/applications/" + STAGING + "?project=default"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(response.body()).isEqualTo(compact("application.json"));
	}

	@Test
	void anApplicationInAnotherNamespaceAnswersOnlyToItsAppNamespace() {
		this.argo.createApplication("payments-staging", "goapps", "https://git.example/infra.git",
				"services/payments/overlays/staging", "goapps-staging", "1.4.0");
		this.argo.createApplication("orders-staging", "goapps", "https://git.example/infra.git",
				"services/orders/overlays/staging", "goapps-staging", "2.0.0");
		this.argo.setNamespace("payments-staging", "team-payments");

		HttpResponse<String> own = send(get("/api/v1/applications/payments-staging?project=goapps"));
		assertThat(own.statusCode()).isEqualTo(404);
		assertThat(json(own).get("message").asString()).isEqualTo("applications.argoproj.io \"payments-staging\" not found");
		assertThat(send(get("/api/v1/applications/payments-staging")).statusCode()).isEqualTo(403);
		HttpResponse<String> found = send(
				get("/api/v1/applications/payments-staging?project=goapps&appNamespace=team-payments"));
		assertThat(found.statusCode()).isEqualTo(200);
		assertThat(json(found).at("/metadata/namespace").asString()).isEqualTo("team-payments");
		// the list holds every namespace; appNamespace narrows it to one
		assertThat(json(send(get("/api/v1/applications"))).get("items")).hasSize(2);
		JsonNode narrowed = json(send(get("/api/v1/applications?appNamespace=team-payments")));
		assertThat(narrowed.get("items")).hasSize(1);
		assertThat(narrowed.at("/items/0/metadata/name").asString()).isEqualTo("payments-staging");
	}

	@Test
	void listIsSortedByNameCarriesTheResourceVersionAndLeavesOutResourceHealth() {
		JsonNode example = GoJson.parse(example("application-list.json"));
		this.argo.loadApplication(GoJson.string(example.get("items").get(0)));
		this.argo.loadApplication(example("application.json"));

		JsonNode list = json(send(get("/api/v1/applications")));

		assertThat(list.propertyNames()).containsExactly("metadata", "items");
		assertThat(list.get("items")).hasSize(2);
		assertThat(GoJson.string(list.get("items").get(0))).isEqualTo(GoJson.string(example.get("items").get(0)));
		// application.json is staging with per-resource health, which List leaves out
		assertThat(GoJson.string(list.get("items").get(1))).isEqualTo(GoJson.string(example.get("items").get(1)));
		long listed = Long.parseLong(list.get("metadata").get("resourceVersion").asString());
		assertThat(listed).isGreaterThanOrEqualTo(1843212);
	}

	@Test
	void listFiltersByProjectNameAndSelector() {
		this.argo.createApplication("billing-staging", "staging", "https://git.example.com/infra.git",
				"apps/billing/staging", "apps-staging", "1.0.0");
		this.argo.createApplication("billing-production", "production", "https://git.example.com/infra.git",
				"apps/billing/production", "apps-production", "1.0.0");
		this.argo.createApplication("orders-production", "production", "https://git.example.com/infra.git",
				"apps/orders/production", "apps-production", "1.0.0");

		assertThat(names(json(send(get("/api/v1/applications?projects=production")))))
			.containsExactly("billing-production", "orders-production");
		assertThat(names(json(send(get("/api/v1/applications?projects=staging&projects=production")))))
			.containsExactly("billing-production", "billing-staging", "orders-production");
		assertThat(names(json(send(get("/api/v1/applications?selector=service%3Dbilling,env!%3Dstaging")))))
			.containsExactly("billing-production");
		assertThat(names(json(send(get("/api/v1/applications?name=orders-production")))))
			.containsExactly("orders-production");
	}

	@Test
	void fieldsProjectionMatchesTheExampleAndDropsWhatListDoesNotHonour() {
		JsonNode example = GoJson.parse(example("application-list.json"));
		for (JsonNode item : example.get("items")) {
			this.argo.loadApplication(GoJson.string(item));
		}

		JsonNode list = json(send(get("/api/v1/applications?fields=items.metadata.name,items.status.sync.status,"
				+ "items.status.health,items.status.history")));

		assertThat(list.propertyNames()).containsExactly("items", "metadata");
		assertThat(GoJson.string(list.get("items")))
			.isEqualTo(GoJson.string(GoJson.parse(example("application-list-fields.json")).get("items")));
		assertThat(json(send(get("/api/v1/applications?name=nothing&fields=items.metadata.name"))).get("items")
			.isNull()).isTrue();
	}

	@Test
	void resourceTreeManagedResourcesAndRevisionMetadataFollowTheExamples() {
		this.argo.loadApplication(example("application.json"));
		this.argo.setRevisionMetadata("e7d1f0a2b3c4d5e6f708192a3b4c5d6e7f809a1b", "Jane Doe <jane.doe@example.com>",
				Instant.parse("2025-11-20T10:12:44Z"), "orders-service(staging): bump image to 1.4.2",
				List.of("orders-service-1.4.2"));

		HttpResponse<String> metadata = send(get("/api/v1/applications/" + STAGING
				+ "/revisions/e7d1f0a2b3c4d5e6f708192a3b4c5d6e7f809a1b/metadata?project=default"));
		JsonNode tree = json(send(get("/api/v1/applications/" + STAGING + "/resource-tree")));
		JsonNode managed = json(send(get("/api/v1/applications/" + STAGING + "/managed-resources")));

		assertThat(metadata.body()).isEqualTo(compact("revision-metadata.json")).contains("\\u003c");
		assertThat(tree.get("nodes").findValuesAsString("kind")).contains("Service", "Deployment", "ReplicaSet",
				"Pod");
		JsonNode pod = tree.get("nodes").get(tree.get("nodes").size() - 1);
		assertThat(pod.get("images").get(0).asString()).isEqualTo("ghcr.io/example-org/orders-service:1.4.2");
		JsonNode deployment = managed.get("items").get(1);
		assertThat(deployment.get("liveState").isString()).isTrue();
		assertThat(GoJson.parse(deployment.get("liveState").asString()).at("/spec/template/spec/containers/0/image")
			.asString()).isEqualTo("ghcr.io/example-org/orders-service:1.4.2");
		assertThat(send(get("/api/v1/applications/" + STAGING + "/revisions/0000000/metadata")).statusCode())
			.isEqualTo(500);
	}

	@Test
	void versionNeedsNoTokenAndSaysLittleWithoutOne() {
		HttpResponse<String> anonymous = send(HttpRequest.newBuilder(uri("/api/version")).GET().build());

		assertThat(anonymous.statusCode()).isEqualTo(200);
		assertThat(anonymous.body()).isEqualTo("{\"Version\":\"v3.5.1+109ca7c\"}");
		assertThat(json(send(get("/api/version"))).has("GitTag")).isTrue();
	}

	// ---------------------------------------------------------------- auth and errors

	@Test
	void missingOrBadTokensGetArgoCdsUnauthenticatedBodies() {
		this.argo.loadApplication(example("application.json"));
		String path = "/api/v1/applications/" + STAGING;
		String stale = this.argo.token();

		HttpResponse<String> anonymous = send(HttpRequest.newBuilder(uri(path)).GET().build());
		HttpResponse<String> notAJwt = send(
				HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer not-a-jwt").GET().build());
		this.argo.invalidateTokens();
		HttpResponse<String> invalidated = send(
				HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + stale).GET().build());
		HttpResponse<String> expired = send(HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer " + this.argo.expiredToken())
			.GET()
			.build());

		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.body()).isEqualTo(compact("errors/error-unauthenticated.json"));
		assertThat(notAJwt.body()).isEqualTo(compact("errors/error-unauthenticated.json"));
		assertThat(invalidated.statusCode()).isEqualTo(401);
		assertThat(invalidated.body()).isEqualTo(compact("errors/error-invalid-session.json"));
		assertThat(json(expired).get("message").asString())
			.isEqualTo("invalid session: token has invalid claims: token is expired");
		assertThat(send(get(path)).statusCode()).isEqualTo(200);
	}

	@Test
	void sessionLoginIssuesATokenThatWorksAsBearerAndAsCookie() {
		this.argo.addLocalUser("admin", "s3cret");

		HttpResponse<String> refused = send(post("/api/v1/session", "{\"username\":\"admin\",\"password\":\"nope\"}",
				false));
		HttpResponse<String> login = send(post("/api/v1/session",
				"{\"username\":\"admin\",\"password\":\"s3cret\"}", false));
		String token = json(login).get("token").asString();

		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.body()).isEqualTo(compact("errors/error-invalid-login.json"));
		assertThat(login.statusCode()).isEqualTo(200);
		assertThat(token.split("\\.")).hasSize(3);
		assertThat(login.headers().firstValue("Set-Cookie")).hasValueSatisfying(
				(cookie) -> assertThat(cookie).startsWith("argocd.token=" + token + "; path=/"));
		HttpResponse<String> userInfo = send(HttpRequest.newBuilder(uri("/api/v1/session/userinfo"))
			.header("Authorization", "Bearer " + token)
			.GET()
			.build());
		assertThat(userInfo.body()).isEqualTo(compact("session-userinfo.json"));
		assertThat(send(HttpRequest.newBuilder(uri("/api/v1/applications"))
			.header("Cookie", "argocd.token=" + token)
			.GET()
			.build()).statusCode()).isEqualTo(200);
	}

	@Test
	void projectDecidesBetweenPermissionDeniedAndNotFound() {
		this.argo.createApplication("billing-production", "production", "https://git.example.com/infra.git",
				"apps/billing/production", "apps-production", "1.0.0");

		HttpResponse<String> withoutProject = send(get("/api/v1/applications/" + STAGING));
		HttpResponse<String> withProject = send(get("/api/v1/applications/" + STAGING + "?project=default"));
		HttpResponse<String> otherProject = send(get("/api/v1/applications/billing-production?project=staging"));
		HttpResponse<String> twoProjects = send(
				get("/api/v1/applications/billing-production?projects=staging&projects=production"));

		assertThat(withoutProject.statusCode()).isEqualTo(403);
		assertThat(withoutProject.body()).isEqualTo(compact("errors/error-permission-denied.json"));
		assertThat(withProject.statusCode()).isEqualTo(404);
		assertThat(withProject.body()).isEqualTo(compact("errors/error-not-found.json"));
		assertThat(otherProject.statusCode()).isEqualTo(404);
		assertThat(twoProjects.statusCode()).isEqualTo(400);
		assertThat(json(twoProjects).get("message").asString())
			.isEqualTo("multiple projects specified - the get endpoint accepts either zero or one project");
	}

	@Test
	void gatewayAnswersPlainTextForContentTypeAndUnknownRoutes() {
		this.argo.loadApplication(example("application.json"));

		HttpResponse<String> charset = send(HttpRequest.newBuilder(uri("/api/v1/applications/" + STAGING + "/sync"))
			.header("Authorization", "Bearer " + this.argo.token())
			.header("Content-Type", "application/json; charset=UTF-8")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build());
		HttpResponse<String> deleteWithoutType = send(HttpRequest
			.newBuilder(uri("/api/v1/applications/" + STAGING + "/operation"))
			.header("Authorization", "Bearer " + this.argo.token())
			.DELETE()
			.build());
		HttpResponse<String> unknown = send(get("/api/v1/nothing-here"));
		HttpResponse<String> wrongMethod = send(get("/api/v1/applications/" + STAGING + "/sync"));

		assertThat(charset.statusCode()).isEqualTo(415);
		assertThat(charset.body()).isEqualTo("Invalid content type\n");
		assertThat(deleteWithoutType.statusCode()).isEqualTo(415);
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).isEqualTo("Not Found\n");
		assertThat(wrongMethod.statusCode()).isEqualTo(405);
		assertThat(wrongMethod.body()).isEqualTo("Method Not Allowed\n");
		assertThat(this.argo.application(STAGING).orElseThrow().hasOperation()).isFalse();
	}

	// ---------------------------------------------------------------- sync

	@Test
	void syncRunsItsLifecycleAsModifiedEventsAndEndsSyncedAtTheCommit() {
		createOrders();
		this.argo.setAutomatedSync("orders-staging", false);
		String revision = FakeArgoCd.sha("next");
		this.argo.commit("orders-staging", revision, "1.5.0");
		String listed = json(send(get("/api/v1/applications"))).get("metadata").get("resourceVersion").asString();
		try (StreamReader stream = openStream("?resourceVersion=" + listed, false)) {

			HttpResponse<String> response = send(post("/api/v1/applications/orders-staging/sync",
					example("sync-request-minimal.json"), true));

			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode started = json(response);
			assertThat(started.at("/operation/sync/revision").asString()).isEqualTo(revision);
			assertThat(started.at("/operation/initiatedBy/username").asString()).isEqualTo("admin");
			assertThat(started.at("/status").has("operationState")).isFalse();
			await().until(() -> stream.events().stream().map(FakeArgoCdTests::step)
				.anyMatch("Succeeded:Synced:Healthy"::equals));
			List<JsonNode> events = stream.events();
			assertThat(events).allSatisfy((event) -> assertThat(event.at("/result/type").asString()).isEqualTo("MODIFIED"));
			List<String> steps = events.stream().map(FakeArgoCdTests::step).toList();
			// the refresh after the operation is its own update, as in Argo CD's controller
			assertThat(steps).containsExactly("requested", "Running", "Running+history", "Succeeded:OutOfSync:Healthy",
					"Succeeded:Synced:Progressing", "Succeeded:Synced:Healthy");
			JsonNode last = events.get(events.size() - 1).at("/result/application");
			JsonNode entry = last.at("/status/history/1");
			assertThat(entry.get("id").isIntegralNumber()).isTrue();
			assertThat(entry.get("revision").asString()).isEqualTo(revision);
			assertThat(entry.has("deployedAt")).isTrue();
			assertThat(entry.at("/initiatedBy/username").asString()).isEqualTo("admin");
			assertThat(last.at("/status/sync/revision").asString()).isEqualTo(revision);
			assertThat(last.has("operation")).isFalse();
			assertThat(last.at("/status/summary/images/0").asString()).isEqualTo("ghcr.io/example-org/orders:1.5.0");
			assertThat(resourceVersions(events)).isSorted().doesNotHaveDuplicates();
		}
	}

	@Test
	void syncToAnotherRevisionWhileAutoSyncIsOnIsRefused() {
		this.argo.loadApplication(example("application.json"));

		HttpResponse<String> response = send(post("/api/v1/applications/" + STAGING + "/sync",
				"{\"revision\":\"9b2f4c1d7e8a6b5c4d3e2f1a0b9c8d7e6f5a4b3c\",\"project\":\"default\"}", true));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEqualTo(compact("errors/error-sync-revision-auto-sync.json"));
	}

	@Test
	void aSecondOperationIsRefusedAndARunningOneCanBeTerminated() {
		createOrders();
		this.argo.setSyncDuration(Duration.ofMinutes(5));
		send(post("/api/v1/applications/orders-staging/sync", "{}", true));

		HttpResponse<String> second = send(post("/api/v1/applications/orders-staging/sync", "{}", true));
		await().until(() -> "Running".equals(this.argo.application("orders-staging").orElseThrow().operationPhase()));
		HttpResponse<String> terminated = send(
				HttpRequest.newBuilder(uri("/api/v1/applications/orders-staging/operation"))
					.header("Authorization", "Bearer " + this.argo.token())
					.header("Content-Type", "application/json")
					.DELETE()
					.build());

		assertThat(second.statusCode()).isEqualTo(400);
		assertThat(second.body()).isEqualTo(compact("errors/error-operation-in-progress.json"));
		assertThat(terminated.statusCode()).isEqualTo(200);
		assertThat(terminated.body()).isEqualTo("{}");
		await().untilAsserted(() -> {
			FakeApplication app = this.argo.application("orders-staging").orElseThrow();
			assertThat(app.operationPhase()).isEqualTo("Failed");
			assertThat(app.hasOperation()).isFalse();
			assertThat(app.json().at("/status/operationState/message").asString()).isEqualTo("Operation terminated");
		});
	}

	@Test
	void aNewCommitIsSyncedAutomaticallyWhileAutoSyncIsOn() {
		createOrders();
		String revision = FakeArgoCd.sha("auto");

		this.argo.commit("orders-staging", revision, "2.0.0");

		await().untilAsserted(() -> {
			FakeApplication app = this.argo.application("orders-staging").orElseThrow();
			assertThat(app.syncStatus()).isEqualTo("Synced");
			assertThat(app.healthStatus()).isEqualTo("Healthy");
			assertThat(app.historyRevisions()).endsWith(revision);
			assertThat(app.images()).containsExactly("ghcr.io/example-org/orders:2.0.0");
			assertThat(app.json().at("/status/history/1/initiatedBy/automated").asBoolean()).isTrue();
			assertThat(app.json().at("/status/operationState/operation/retry/limit").asInt()).isEqualTo(5);
		});
	}

	@Test
	void aCommitArrivingDuringASyncIsSyncedAfterIt() {
		createOrders();
		this.argo.setSyncDuration(Duration.ofMillis(300));
		String first = FakeArgoCd.sha("first");
		String second = FakeArgoCd.sha("second");

		this.argo.commit("orders-staging", first, "2.0.0");
		await().until(() -> this.argo.application("orders-staging").orElseThrow().hasOperation());
		this.argo.commit("orders-staging", second, "2.1.0");

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			FakeApplication app = this.argo.application("orders-staging").orElseThrow();
			assertThat(app.historyRevisions()).endsWith(first, second);
			assertThat(app.syncStatus()).isEqualTo("Synced");
			assertThat(app.images()).containsExactly("ghcr.io/example-org/orders:2.1.0");
		});
	}

	@Test
	void aFailedSyncEndsFailedWithoutHistory() {
		createOrders();
		this.argo.failNextSync("one or more objects failed to apply, reason: quota exceeded");

		send(post("/api/v1/applications/orders-staging/sync", "{}", true));

		await().untilAsserted(() -> {
			FakeApplication app = this.argo.application("orders-staging").orElseThrow();
			assertThat(app.operationPhase()).isEqualTo("Failed");
			assertThat(app.json().at("/status/operationState/message").asString())
				.isEqualTo("one or more objects failed to apply, reason: quota exceeded");
			assertThat(app.historyIds()).containsExactly(0L);
		});
	}

	@Test
	void refreshReturnsOnceTheControllerHasProcessedIt() {
		createOrders();

		JsonNode refreshed = json(send(get("/api/v1/applications/orders-staging?refresh=hard")));

		JsonNode annotations = refreshed.at("/metadata/annotations");
		assertThat(annotations.has(ApplicationStore.REFRESH_ANNOTATION)).isFalse();
		assertThat(annotations.get(ApplicationStore.HYDRATE_ANNOTATION).asString()).isEqualTo("hard");
		assertThat(refreshed.at("/status").propertyNames()).contains("reconciledAt");
	}

	// ---------------------------------------------------------------- rollback and patch

	@Test
	void rollbackIsRefusedWhileAutoSyncIsOnAndRunsAfterThePatchTurnsItOff() {
		this.argo.loadApplication(example("application.json"));
		String rollback = example("rollback-request.json");

		HttpResponse<String> refused = send(post("/api/v1/applications/" + STAGING + "/rollback", rollback, true));
		HttpResponse<String> patched = send(
				patch("/api/v1/applications/" + STAGING, example("patch-request.json")));
		HttpResponse<String> accepted = send(post("/api/v1/applications/" + STAGING + "/rollback", rollback, true));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).isEqualTo(compact("errors/error-rollback-auto-sync.json"));
		assertThat(patched.statusCode()).isEqualTo(200);
		assertThat(json(patched).at("/spec/syncPolicy/automated/enabled").asBoolean(true)).isFalse();
		assertThat(accepted.statusCode()).isEqualTo(200);
		JsonNode expected = GoJson.parse(example("rollback-response.json"));
		assertThat(GoJson.string(json(accepted).get("operation"))).isEqualTo(GoJson.string(expected.get("operation")));
		await().untilAsserted(() -> {
			FakeApplication app = this.argo.application(STAGING).orElseThrow();
			assertThat(app.historyIds()).containsExactly(3L, 4L, 5L, 6L);
			assertThat(app.historyRevisions()).endsWith("c41a9e07d2b35f6e8a1c0d9e7f6b5a4c3d2e1f0a");
			assertThat(app.syncStatus()).isEqualTo("OutOfSync");
			assertThat(app.operationPhase()).isEqualTo("Succeeded");
		});
	}

	@Test
	void rollbackChecksTheHistoryIdAsAGoInt64() {
		this.argo.loadApplication(example("application.json"));
		this.argo.setAutomatedSync(STAGING, false);

		HttpResponse<String> quoted = send(
				post("/api/v1/applications/" + STAGING + "/rollback", "{\"id\":\"4\"}", true));
		HttpResponse<String> unknown = send(
				post("/api/v1/applications/" + STAGING + "/rollback", "{\"id\":42}", true));

		assertThat(quoted.statusCode()).isEqualTo(400);
		assertThat(quoted.body()).isEqualTo(compact("errors/error-bad-request-body.json"));
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(unknown.body()).isEqualTo(compact("errors/error-rollback-unknown-id.json"));
	}

	@Test
	void patchAcceptsOnlyMergeAndJsonAndPutSpecReplacesTheSpec() {
		this.argo.loadApplication(example("application.json"));

		HttpResponse<String> strategic = send(patch("/api/v1/applications/" + STAGING,
				"{\"patchType\":\"strategic\",\"patch\":\"{}\"}"));
		HttpResponse<String> notAString = send(patch("/api/v1/applications/" + STAGING,
				"{\"patchType\":\"merge\",\"patch\":{\"spec\":{}}}"));
		HttpResponse<String> jsonPatch = send(patch("/api/v1/applications/" + STAGING,
				"{\"patchType\":\"json\",\"patch\":\"[{\\\"op\\\":\\\"remove\\\",\\\"path\\\":\\\"/spec/syncPolicy/automated\\\"}]\"}"));
		HttpResponse<String> spec = send(HttpRequest.newBuilder(uri("/api/v1/applications/" + STAGING + "/spec"))
			.header("Authorization", "Bearer " + this.argo.token())
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(example("update-spec-request.json")))
			.build());

		assertThat(strategic.statusCode()).isEqualTo(400);
		assertThat(json(strategic).get("message").asString()).isEqualTo("Patch type 'strategic' is not supported");
		assertThat(json(notAString).get("message").asString()).isEqualTo(
				"json: cannot unmarshal object into Go struct field ApplicationPatchRequest.patch of type string");
		assertThat(json(jsonPatch).at("/spec/syncPolicy").has("automated")).isFalse();
		assertThat(spec.body()).isEqualTo(compact("update-spec-request.json"));
		assertThat(this.argo.application(STAGING).orElseThrow().automatedSyncEnabled()).isFalse();
	}

	// ---------------------------------------------------------------- the stream

	@Test
	void sseStreamWritesArgoCdsFramingKeepalivesAndLiveEvents() {
		this.argo.loadApplication(example("application.json"));
		this.argo.setKeepaliveInterval(Duration.ofMillis(200));
		byte[] sse = example("stream-applications.sse.txt").getBytes(StandardCharsets.UTF_8);
		String firstEvent = new String(sse, StandardCharsets.UTF_8).substring(0,
				new String(sse, StandardCharsets.UTF_8).indexOf(" \n\n\n") + 4);

		try (StreamReader stream = openStream("", true)) {
			await().until(() -> stream.text().contains(":\n"));
			this.argo.setHealth(STAGING, "Degraded", "Deployment \"orders-service\" exceeded its progress deadline");
			await().until(() -> stream.text().contains("MODIFIED"));

			String text = stream.text();
			assertThat(stream.response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
			assertThat(stream.response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(text).startsWith(firstEvent + ":\n");
			String modified = text.substring(text.indexOf("data: {\"result\":{\"type\":\"MODIFIED\""));
			String event = modified.substring(0, modified.indexOf(" \n\n\n") + 4);
			assertThat(event).endsWith("}} \n\n\n").hasLineCount(3).contains("exceeded its progress deadline");
			assertThat(modified.substring(event.length())).matches("(:\n)*");
		}
	}

	@Test
	void streamWithoutTheSseAcceptIsNewlineDelimitedJson() {
		this.argo.loadApplication(example("application.json"));
		String ndjson = example("stream-applications.ndjson.txt");

		try (StreamReader stream = openStream("", false)) {
			await().until(() -> stream.text().endsWith("\n"));

			assertThat(stream.response.headers().firstValue("Content-Type")).hasValue("application/json");
			assertThat(stream.text()).isEqualTo(ndjson.substring(0, ndjson.indexOf('\n') + 1));
		}
	}

	@Test
	void streamWithoutATokenGetsTheStreamErrorBody() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/stream/applications"))
			.header("Accept", "text/event-stream")
			.GET()
			.build());

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
		assertThat(response.body()).isEqualTo(example("stream-error-unauthenticated.sse.txt"));
	}

	@Test
	void streamSkipsOlderEventsAndDuplicatesAfterFieldsFiltering() {
		createOrders();
		long version = this.argo.application("orders-staging").orElseThrow().resourceVersion();

		try (StreamReader stream = openStream("?resourceVersion=" + (version + 2)
				+ "&fields=result.type,result.application.metadata.name,result.application.status.health.status",
				false)) {
			this.argo.setSync("orders-staging", "OutOfSync", null);
			this.argo.setHealth("orders-staging", "Degraded", "crash loop");
			this.argo.setSync("orders-staging", "Synced", null);
			this.argo.setHealth("orders-staging", "Healthy", null);
			await().until(() -> stream.lines().size() == 2);

			// the first change is below resourceVersion, the third filters to a duplicate
			assertThat(stream.lines()).containsExactly(
					"{\"result\":{\"application\":{\"metadata\":{\"name\":\"orders-staging\"},\"status\":{\"health\":{\"status\":\"Degraded\"}}},\"type\":\"MODIFIED\"}}",
					"{\"result\":{\"application\":{\"metadata\":{\"name\":\"orders-staging\"},\"status\":{\"health\":{\"status\":\"Healthy\"}}},\"type\":\"MODIFIED\"}}");
		}
	}

	@Test
	void streamSendsInitialAddedEventsSortedByNameThenDeletions() {
		createOrders();
		this.argo.createApplication("billing-staging", "staging", "https://git.example.com/infra.git",
				"apps/billing/staging", "apps-staging", "1.0.0");

		try (StreamReader stream = openStream("", false)) {
			await().until(() -> stream.lines().size() == 2);
			this.argo.deleteApplication("billing-staging");
			await().until(() -> stream.lines().size() == 3);

			assertThat(stream.events()).extracting((event) -> event.at("/result/type").asString() + " "
					+ event.at("/result/application/metadata/name").asString())
				.containsExactly("ADDED billing-staging", "ADDED orders-staging", "DELETED billing-staging");
		}
	}

	@Test
	void servesTwoThousandApplicationsToListAndStream() {
		for (int i = 0; i < 1_000; i++) {
			for (String environment : List.of("staging", "production")) {
				this.argo.createApplication("service-%04d-%s".formatted(i, environment), environment,
						"https://git.example.com/infra.git", "apps/service-%04d/overlays/%s".formatted(i, environment),
						"apps-" + environment, "1.0." + i);
			}
		}

		JsonNode list = json(send(get("/api/v1/applications")));
		try (StreamReader stream = openStream("", false)) {
			await().atMost(Duration.ofSeconds(30)).until(() -> stream.lines().size() == 2_000);
			this.argo.setHealth("service-0999-production", "Degraded", null);
			await().until(() -> stream.lines().size() == 2_001);

			assertThat(stream.events().get(0).at("/result/application/metadata/name").asString())
				.isEqualTo("service-0000-production");
		}
		assertThat(list.get("items")).hasSize(2_000);
	}

	// ---------------------------------------------------------------- faults

	@Test
	void goesDownAndComesBackOnTheSamePort() {
		createOrders();
		URI url = this.argo.url();

		this.argo.goDown();
		assertThatThrownBy(() -> this.http.send(get("/api/v1/applications"), HttpResponse.BodyHandlers.ofString()))
			.isInstanceOf(ConnectException.class);
		this.argo.comeBack();

		assertThat(this.argo.url()).isEqualTo(url);
		assertThat(send(get("/api/v1/applications")).statusCode()).isEqualTo(200);
	}

	@Test
	void failsWithArgoCdErrorBodiesAndCountsRequests() {
		createOrders();

		this.argo.failWith(503);
		HttpResponse<String> unavailable = send(get("/api/v1/applications"));
		this.argo.failWith(500);
		HttpResponse<String> failing = send(get("/api/v1/applications/orders-staging"));
		this.argo.stopFailing();

		assertThat(unavailable.statusCode()).isEqualTo(503);
		assertThat(json(unavailable).get("code").asInt()).isEqualTo(14);
		assertThat(failing.statusCode()).isEqualTo(500);
		assertThat(json(failing).get("code").asInt()).isEqualTo(2);
		assertThat(send(get("/api/v1/applications")).statusCode()).isEqualTo(200);
		assertThat(this.argo.requestCount("GET", "/api/v1/applications")).isEqualTo(3);
		assertThat(this.argo.requestCount("GET", "/api/v1/applications/orders-staging")).isEqualTo(1);
	}

	@Test
	void latencyDelaysEveryResponse() {
		this.argo.setLatency(Duration.ofMillis(300));
		long started = System.nanoTime();

		send(get("/api/version"));

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
	}

	@Test
	void droppedStreamsAreCutWithoutTheFinalChunk() {
		createOrders();
		try (StreamReader stream = openStream("", true)) {
			await().until(() -> this.argo.openStreams() == 1 && stream.text().contains("ADDED"));

			this.argo.dropStreams();

			await().until(() -> stream.failure != null);
			assertThat(stream.failure).isInstanceOf(IOException.class);
			await().until(() -> this.argo.openStreams() == 0);
		}
	}

	@Test
	void aSlowStreamClientDoesNotHoldUpTheOthers() throws Exception {
		createOrders();
		HttpResponse<InputStream> stalled = this.http.send(streamRequest("", true),
				HttpResponse.BodyHandlers.ofInputStream());
		try (StreamReader reading = openStream("?fields=result.application.metadata.resourceVersion", false)) {
			for (int i = 0; i < 300; i++) {
				this.argo.setHealth("orders-staging", (i % 2 == 0) ? "Degraded" : "Healthy", "x".repeat(2_000));
			}
			await().until(() -> reading.lines().size() == 301);
		}
		finally {
			stalled.body().close();
		}
	}

	// ---------------------------------------------------------------- helpers

	private void createOrders() {
		this.argo.createApplication("orders-staging", "staging", "https://git.example.com/infra.git",
				"apps/orders/overlays/staging", "apps-staging", "1.4.2");
	}

	/** A compact name for the state each lifecycle event shows. */
	private static String step(JsonNode event) {
		JsonNode app = event.at("/result/application");
		JsonNode state = app.at("/status/operationState");
		if (state.isMissingNode()) {
			return "requested";
		}
		String phase = state.get("phase").asString();
		if (phase.equals("Running")) {
			return app.at("/status/history").size() > 1 ? "Running+history" : "Running";
		}
		return phase + ":" + app.at("/status/sync/status").asString() + ":" + app.at("/status/health/status").asString();
	}

	private static List<Long> resourceVersions(List<JsonNode> events) {
		return events.stream()
			.map((event) -> Long.parseLong(event.at("/result/application/metadata/resourceVersion").asString()))
			.toList();
	}

	private static List<String> names(JsonNode list) {
		List<String> names = new ArrayList<>();
		list.get("items").forEach((item) -> names.add(item.at("/metadata/name").asString()));
		return names;
	}

	private URI uri(String path) {
		return this.argo.url().resolve(path);
	}

	private HttpRequest get(String path) {
		return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + this.argo.token()).GET().build();
	}

	private HttpRequest post(String path, String body, boolean authenticated) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (authenticated) {
			builder.header("Authorization", "Bearer " + this.argo.token());
		}
		return builder.build();
	}

	private HttpRequest patch(String path, String body) {
		return HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer " + this.argo.token())
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	private HttpRequest streamRequest(String query, boolean sse) {
		return HttpRequest.newBuilder(uri("/api/v1/stream/applications" + query))
			.header("Authorization", "Bearer " + this.argo.token())
			.header("Accept", sse ? "text/event-stream" : "application/json")
			.GET()
			.build();
	}

	/** Opens a stream and returns once the fake has registered it, so no later change is missed. */
	private StreamReader openStream(String query, boolean sse) {
		int open = this.argo.openStreams();
		StreamReader reader = new StreamReader(
				this.http.sendAsync(streamRequest(query, sse), HttpResponse.BodyHandlers.ofInputStream()));
		await().until(() -> this.argo.openStreams() > open);
		return reader;
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode json(HttpResponse<String> response) {
		return GoJson.parse(response.body());
	}

	private static String example(String name) {
		try (InputStream in = FakeArgoCdTests.class.getResourceAsStream("/argocd/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** An example payload as the wire carries it: one line, Go key order, Go escapes. */
	private static String compact(String name) {
		return GoJson.string(GoJson.parse(example(name)));
	}

	/** Reads a stream on its own thread, keeping what arrived for the test to await on. */
	private static final class StreamReader implements AutoCloseable {

		private final java.util.concurrent.CompletableFuture<HttpResponse<InputStream>> pending;

		private final ByteArrayOutputStream received = new ByteArrayOutputStream();

		volatile HttpResponse<InputStream> response;

		volatile Exception failure;

		/** Headers only arrive with the first byte, so the response is awaited on the reading thread. */
		StreamReader(java.util.concurrent.CompletableFuture<HttpResponse<InputStream>> pending) {
			this.pending = pending;
			Thread thread = new Thread(this::read, "stream-reader");
			thread.setDaemon(true);
			thread.start();
		}

		private void read() {
			byte[] buffer = new byte[8192];
			try (InputStream in = this.pending.join().body()) {
				this.response = this.pending.join();
				int count;
				while ((count = in.read(buffer)) >= 0) {
					synchronized (this.received) {
						this.received.write(buffer, 0, count);
					}
				}
			}
			catch (IOException | java.util.concurrent.CompletionException ex) {
				this.failure = ex;
			}
		}

		String text() {
			synchronized (this.received) {
				return this.received.toString(StandardCharsets.UTF_8);
			}
		}

		List<String> lines() {
			String text = text();
			List<String> lines = new ArrayList<>();
			for (String line : text.split("\n")) {
				if (!line.isEmpty()) {
					lines.add(line);
				}
			}
			if (!text.endsWith("\n") && !lines.isEmpty()) {
				lines.remove(lines.size() - 1);
			}
			return lines;
		}

		List<JsonNode> events() {
			return lines().stream().map(GoJson::parse).toList();
		}

		@Override
		public void close() {
			this.pending.thenAccept((done) -> {
				try {
					done.body().close();
				}
				catch (IOException ex) {
					// closing is best effort
				}
			});
			this.pending.cancel(true);
		}

	}

}
