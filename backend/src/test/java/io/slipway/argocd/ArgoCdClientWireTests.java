package io.slipway.argocd;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.slipway.argocd.internal.webclient.WebClientArgoCdClient;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.slipway.argocd.ArgoCdClientFixtures.PATIENCE;
import static io.slipway.argocd.ArgoCdClientFixtures.TOKEN;
import static io.slipway.argocd.ArgoCdClientFixtures.body;
import static io.slipway.argocd.ArgoCdClientFixtures.eventStream;
import static io.slipway.argocd.ArgoCdClientFixtures.json;
import static io.slipway.argocd.ArgoCdClientFixtures.jsonBody;
import static io.slipway.argocd.ArgoCdClientFixtures.next;
import static io.slipway.argocd.ArgoCdClientFixtures.read;
import static io.slipway.argocd.ArgoCdClientFixtures.url;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the client puts on the wire and how it reads Argo CD's answers, byte for byte as the
 * contract pack documents them: paths, query parameters, the exact {@code Content-Type} of every
 * non-GET, request bodies (int64 as numbers, the merge patch as a string), and the example answers.
 */
class ArgoCdClientWireTests {

	private static final String APP = "orders-service-staging";

	@StartStop
	final MockWebServer argocd = new MockWebServer();

	private ArgoCdClient client;

	@BeforeEach
	void connect() {
		this.client = ArgoCdClientFixtures.client(this.argocd);
	}

	@Test
	void listsWithRepeatedProjectsASelectorAndAFieldsProjection() throws Exception {
		this.argocd.enqueue(json(200, "application-list-fields.json"));

		ApplicationList list = this.client
			.list(new ApplicationQuery(List.of("goapps", "platform"), "env in (staging),team=orders",
					List.of("items.metadata.name", "items.status.sync.status", "items.status.health")))
			.block(PATIENCE);

		assertThat(list.items()).extracting(Application::name, Application::syncStatus, Application::healthStatus)
			.containsExactly(org.assertj.core.api.Assertions.tuple("orders-service-production", "OutOfSync", "Degraded"),
					org.assertj.core.api.Assertions.tuple("orders-service-staging", "Synced", "Healthy"));
		assertThat(list.resourceVersion()).isEqualTo("1843240");
		RecordedRequest request = next(this.argocd);
		assertThat(request.getMethod()).isEqualTo("GET");
		assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v1/applications");
		assertThat(request.getUrl().queryParameterValues("projects")).containsExactly("goapps", "platform");
		assertThat(request.getUrl().queryParameter("selector")).isEqualTo("env in (staging),team=orders");
		assertThat(request.getUrl().queryParameter("fields"))
			.isEqualTo("items.metadata.name,items.status.sync.status,items.status.health");
		assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
		assertThat(request.getHeaders().get("Content-Type")).isNull();
	}

	@Test
	void readsAListWithNullItemsAsEmpty() {
		this.argocd.enqueue(jsonBody(200, "{\"items\":null,\"metadata\":{\"resourceVersion\":\"42\"}}"));

		ApplicationList list = this.client.list(ApplicationQuery.all()).block(PATIENCE);

		assertThat(list.items()).isEmpty();
		assertThat(list.resourceVersion()).isEqualTo("42");
	}

	@Test
	void readsTheWholeApplicationOfTheExample() throws Exception {
		this.argocd.enqueue(json(200, "application.json"));

		Application app = this.client.get(APP, "default").block(PATIENCE);

		assertThat(app.name()).isEqualTo(APP);
		assertThat(app.metadata().resourceVersion()).isEqualTo("1843212");
		assertThat(app.syncStatus()).isEqualTo("Synced");
		assertThat(app.healthStatus()).isEqualTo("Healthy");
		assertThat(app.spec().isAutomatedSyncEnabled()).isTrue();
		assertThat(app.status().history()).extracting(RevisionHistory::id).containsExactly(3L, 4L, 5L);
		assertThat(app.status().summary().images()).containsExactly("ghcr.io/example-org/orders-service:1.4.2");
		assertThat(app.isBusy()).isFalse();
		RecordedRequest request = next(this.argocd);
		assertThat(request.getTarget()).isEqualTo("/api/v1/applications/" + APP + "?project=default");
	}

	@Test
	void refreshesWithTheRefreshParameterAndTellsArgoCdHowLongToTry() throws Exception {
		this.argocd.enqueue(json(200, "application.json"));

		this.client.refresh(APP, "default", Refresh.HARD).block(PATIENCE);

		RecordedRequest request = next(this.argocd);
		assertThat(request.getMethod()).isEqualTo("GET");
		assertThat(request.getTarget()).isEqualTo("/api/v1/applications/" + APP + "?project=default&refresh=hard");
		// the refresh timeout of the fixtures (20 s): the server gives up too, rather than hang
		assertThat(request.getHeaders().get("Grpc-Timeout")).isEqualTo("20S");
	}

	@Test
	void readsTheResourceTreeWithTopLevelReferenceKeys() throws Exception {
		this.argocd.enqueue(json(200, "resource-tree.json"));

		ResourceTree tree = this.client.resourceTree(APP, "default").block(PATIENCE);

		assertThat(tree.nodes()).extracting(ResourceTree.Node::kind)
			.containsExactly("Service", "Deployment", "ReplicaSet", "ReplicaSet", "EndpointSlice", "Pod");
		assertThat(tree.nodes().get(1).health().status()).isEqualTo("Healthy");
		assertThat(tree.nodes().get(2).parentRefs()).extracting(ResourceTree.ParentRef::kind).containsExactly("Deployment");
		assertThat(next(this.argocd).getTarget())
			.isEqualTo("/api/v1/applications/" + APP + "/resource-tree?project=default");
	}

	@Test
	void keepsTheManagedResourcesStatesAsTheJsonTextArgoCdSends() throws Exception {
		this.argocd.enqueue(json(200, "managed-resources.json"));

		List<ManagedResource> resources = this.client.managedResources(APP, "default").block(PATIENCE);

		assertThat(resources).extracting(ManagedResource::kind).containsExactly("Service", "Deployment");
		JsonNode live = JsonMapper.shared().readTree(resources.get(1).liveState());
		assertThat(live.at("/kind").stringValue()).isEqualTo("Deployment");
		assertThat(next(this.argocd).getTarget())
			.isEqualTo("/api/v1/applications/" + APP + "/managed-resources?project=default");
	}

	@Test
	void readsRevisionMetadataWithTheAuthorsEscapedBrackets() throws Exception {
		this.argocd.enqueue(json(200, "revision-metadata.json"));

		RevisionMetadata metadata = this.client.revisionMetadata(APP, "default", "e7d1f0a2b3c4").block(PATIENCE);

		assertThat(metadata.author()).isEqualTo("Jane Doe <jane.doe@example.com>");
		assertThat(metadata.date()).isEqualTo(Instant.parse("2025-11-20T10:12:44Z"));
		assertThat(metadata.tags()).containsExactly("orders-service-1.4.2");
		assertThat(metadata.message()).isEqualTo("orders-service(staging): bump image to 1.4.2");
		assertThat(next(this.argocd).getTarget())
			.isEqualTo("/api/v1/applications/" + APP + "/revisions/e7d1f0a2b3c4/metadata?project=default");
	}

	@Test
	void readsTheVersionWithoutCredentials() throws Exception {
		this.argocd.enqueue(jsonBody(200, "{\"Version\":\"v3.5.1+109ca7c\"}"));

		assertThat(this.client.version().block(PATIENCE).version()).isEqualTo("v3.5.1+109ca7c");
		RecordedRequest request = next(this.argocd);
		assertThat(request.getTarget()).isEqualTo("/api/version");
		assertThat(request.getHeaders().get("Authorization")).isNull();
	}

	@Test
	void syncsWithExactlyApplicationJsonAndTheDocumentedBody() throws Exception {
		this.argocd.enqueue(json(200, "sync-response.json"));

		Application app = this.client.sync(APP, new SyncRequest("default", "main", true, false)).block(PATIENCE);

		assertThat(app.operation().sync().revision()).isNotBlank();
		assertThat(app.isBusy()).isTrue();
		RecordedRequest request = next(this.argocd);
		assertThat(request.getMethod()).isEqualTo("POST");
		assertThat(request.getTarget()).isEqualTo("/api/v1/applications/" + APP + "/sync");
		assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
		assertThat(body(request)).isEqualTo(JsonMapper.shared()
			.readTree("{\"revision\":\"main\",\"prune\":true,\"dryRun\":false,\"project\":\"default\"}"));
	}

	@Test
	void syncsToTheTargetRevisionByLeavingTheRevisionOut() throws Exception {
		this.argocd.enqueue(json(200, "sync-response.json"));

		this.client.sync(APP, SyncRequest.toTargetRevision("default")).block(PATIENCE);

		assertThat(body(next(this.argocd)).has("revision")).isFalse();
	}

	@Test
	void rollsBackWithTheHistoryIdAsAJsonNumber() throws Exception {
		this.argocd.enqueue(json(200, "rollback-response.json"));

		Application app = this.client.rollback(APP, "default", 4, false, false).block(PATIENCE);

		assertThat(app.operation()).isNotNull();
		RecordedRequest request = next(this.argocd);
		assertThat(request.getMethod()).isEqualTo("POST");
		assertThat(request.getTarget()).isEqualTo("/api/v1/applications/" + APP + "/rollback");
		assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
		JsonNode body = body(request);
		assertThat(body.get("id").isIntegralNumber()).isTrue();
		assertThat(body.get("id").longValue()).isEqualTo(4);
		assertThat(body.get("project").stringValue()).isEqualTo("default");
		assertThat(body.get("prune").booleanValue()).isFalse();
		assertThat(body.get("dryRun").booleanValue()).isFalse();
	}

	@Test
	void turnsAutoSyncOffWithAMergePatchWhosePatchIsAString() throws Exception {
		this.argocd.enqueue(json(200, "application.json"));

		this.client.setAutomatedSync(APP, "default", false).block(PATIENCE);

		RecordedRequest request = next(this.argocd);
		assertThat(request.getMethod()).isEqualTo("PATCH");
		assertThat(request.getTarget()).isEqualTo("/api/v1/applications/" + APP);
		assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
		JsonNode body = body(request);
		assertThat(body.get("patchType").stringValue()).isEqualTo("merge");
		assertThat(body.get("patch").isString()).isTrue();
		// only "enabled": a merge patch keeps prune and selfHeal as they are
		assertThat(JsonMapper.shared().readTree(body.get("patch").stringValue()))
			.isEqualTo(JsonMapper.shared().readTree("{\"spec\":{\"syncPolicy\":{\"automated\":{\"enabled\":false}}}}"));
		assertThat(body.get("project").stringValue()).isEqualTo("default");
	}

	@Test
	void terminatesWithADeleteThatCarriesTheContentTypeToo() throws Exception {
		this.argocd.enqueue(jsonBody(200, "{}"));

		StepVerifier.create(this.client.terminateOperation(APP, "default")).expectComplete().verify(PATIENCE);

		RecordedRequest request = next(this.argocd);
		assertThat(request.getMethod()).isEqualTo("DELETE");
		assertThat(request.getTarget()).isEqualTo("/api/v1/applications/" + APP + "/operation?project=default");
		assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
	}

	@Test
	void encodesNamesAndValuesInFull() throws Exception {
		this.argocd.enqueue(json(200, "application-list-fields.json"));

		this.client.list(new ApplicationQuery(List.of("a+b"), "tier={web}", List.of())).block(PATIENCE);

		RecordedRequest request = next(this.argocd);
		assertThat(request.getUrl().queryParameter("projects")).isEqualTo("a+b");
		assertThat(request.getUrl().queryParameter("selector")).isEqualTo("tier={web}");
	}

	@Test
	void keepsTheServersRootPath() throws Exception {
		this.argocd.enqueue(json(200, "application.json"));
		ArgoCdClient underRootPath = new WebClientArgoCdClient(
				ArgoCdClientFixtures.properties(this.argocd.url("/argocd/").toString()));

		underRootPath.get(APP, "default").block(PATIENCE);

		assertThat(next(this.argocd).getTarget()).isEqualTo("/argocd/api/v1/applications/" + APP + "?project=default");
	}

	@Test
	void watchesWithTheExactAcceptHeaderAndReportsEventsAndKeepalives() throws Exception {
		this.argocd.enqueue(eventStream(200, read("stream-applications.sse.txt")));
		List<Instant> keepalives = new CopyOnWriteArrayList<>();

		StepVerifier.create(this.client.watch(new ApplicationQuery(List.of("default"), null, List.of()), "1843200",
				keepalives::add))
			.assertNext((event) -> {
				assertThat(event.type()).isEqualTo(ApplicationWatchEvent.Type.ADDED);
				assertThat(event.application().name()).isEqualTo(APP);
			})
			.assertNext((event) -> assertThat(event.type()).isEqualTo(ApplicationWatchEvent.Type.MODIFIED))
			.expectComplete()
			.verify(PATIENCE);

		assertThat(keepalives).hasSize(1);
		RecordedRequest request = next(this.argocd);
		assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v1/stream/applications");
		assertThat(request.getUrl().queryParameter("projects")).isEqualTo("default");
		assertThat(request.getUrl().queryParameter("resourceVersion")).isEqualTo("1843200");
		assertThat(request.getHeaders().get("Accept")).isEqualTo("text/event-stream");
		assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
	}

	@Test
	void watchesWithoutAResourceVersionToGetTheInitialEvents() throws Exception {
		this.argocd.enqueue(eventStream(200, ""));

		StepVerifier.create(this.client.watch(ApplicationQuery.all(), null)).expectComplete().verify(PATIENCE);

		assertThat(next(this.argocd).getTarget()).isEqualTo("/api/v1/stream/applications");
	}

	@Test
	void readsTheNewlineDelimitedStreamOfAProxyThatDroppedTheAcceptHeader() {
		this.argocd.enqueue(json(200, "stream-applications.ndjson.txt"));

		StepVerifier.create(this.client.watch(ApplicationQuery.all(), null))
			.expectNextMatches((event) -> event.type() == ApplicationWatchEvent.Type.ADDED)
			.expectNextMatches((event) -> event.type() == ApplicationWatchEvent.Type.MODIFIED)
			.expectComplete()
			.verify(PATIENCE);
	}

	@Test
	void endsTheStreamWithATypedErrorWhenArgoCdSendsOneAfterEvents() {
		String first = read("stream-applications.sse.txt");
		first = first.substring(0, first.indexOf("\n:\n") + 1);
		this.argocd.enqueue(eventStream(200, first + "data: {\"error\":{\"grpc_code\":7,\"http_code\":403,"
				+ "\"message\":\"permission denied\",\"http_status\":\"Forbidden\"}} \n\n\n"));

		StepVerifier.create(this.client.watch(ApplicationQuery.all(), null))
			.expectNextMatches((event) -> event.type() == ApplicationWatchEvent.Type.ADDED)
			.expectErrorSatisfies((ex) -> {
				assertThat(ex).isInstanceOf(ArgoCdException.PermissionDenied.class);
				assertThat(((ArgoCdException) ex).httpStatus()).isEqualTo(403);
				assertThat(((ArgoCdException) ex).grpcCode()).isEqualTo(7);
				assertThat(ex).hasMessage("error watching applications on " + url(this.argocd) + ": permission denied");
			})
			.verify(PATIENCE);
	}

	@Test
	void failsAStreamOpenedWithARefusedTokenAsUnauthenticated() {
		this.argocd.enqueue(eventStream(401, read("stream-error-unauthenticated.sse.txt")));

		StepVerifier.create(this.client.watch(ApplicationQuery.all(), null)).expectErrorSatisfies((ex) -> {
			assertThat(ex).isInstanceOf(ArgoCdException.Unauthenticated.class);
			assertThat(((ArgoCdException) ex).argoCdMessage()).isEqualTo("no session information");
			assertThat(((ArgoCdException) ex).grpcCode()).isEqualTo(16);
		}).verify(PATIENCE);
	}

}
