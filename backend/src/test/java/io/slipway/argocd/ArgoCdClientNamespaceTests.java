package io.slipway.argocd;

import java.time.Duration;

import io.slipway.argocd.fake.FakeArgoCd;
import io.slipway.argocd.internal.webclient.WebClientArgoCdClient;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static io.slipway.argocd.ArgoCdClientFixtures.PATIENCE;
import static io.slipway.argocd.ArgoCdClientFixtures.body;
import static io.slipway.argocd.ArgoCdClientFixtures.json;
import static io.slipway.argocd.ArgoCdClientFixtures.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Applications outside Argo CD's own namespace ("apps in any namespace"): Argo CD looks an
 * application up in the {@code appNamespace} a call names, in its own namespace when none, and
 * answers as for a missing application otherwise. The client sends the application's namespace
 * with every call that addresses one application, and only when it is not Argo CD's own.
 */
class ArgoCdClientNamespaceTests {

	private static final String REPO = "https://git.example.com/platform/infra.git";

	private static final String APP = "payments-staging";

	private static final String TEAM = "team-payments";

	@StartStop
	final MockWebServer wire = new MockWebServer();

	private FakeArgoCd fake;

	private ArgoCdClient client;

	@BeforeEach
	void start() {
		this.fake = FakeArgoCd.start();
		this.fake.createApplication(APP, "goapps", REPO, "services/payments/overlays/staging", "goapps-staging",
				"1.4.0");
		this.fake.createApplication("orders-staging", "goapps", REPO, "services/orders/overlays/staging",
				"goapps-staging", "2.0.0");
		this.fake.setNamespace(APP, TEAM);
		this.client = new WebClientArgoCdClient(properties());
	}

	@AfterEach
	void stop() {
		this.fake.close();
	}

	@Test
	void anApplicationInAnotherNamespaceIsFoundOnlyInItsNamespace() {
		Application found = this.client.get(APP, TEAM, "goapps").block(PATIENCE);
		assertThat(found.metadata().namespace()).isEqualTo(TEAM);

		// Argo CD looks in its own namespace: the application is missing there (404 with a project)
		ArgoCdException missing = failure(this.client.get(APP, "goapps"));
		assertThat(missing).isInstanceOf(ArgoCdException.NotFound.class);
		assertThat(missing.argoCdMessage()).isEqualTo("applications.argoproj.io \"" + APP + "\" not found");
		assertThat(failure(this.client.get(APP, "other-team", "goapps"))).isInstanceOf(ArgoCdException.NotFound.class);
		// and without a project, not visible (403), exactly like a missing application
		assertThat(failure(this.client.sync(APP, new SyncRequest(null, null, false, false))))
			.isInstanceOf(ArgoCdException.PermissionDenied.class);
		// applications in Argo CD's namespace are found with or without naming it
		assertThat(this.client.get("orders-staging", "argocd", "goapps").block(PATIENCE).name())
			.isEqualTo("orders-staging");
		assertThat(this.client.get("orders-staging", null, "goapps").block(PATIENCE).name()).isEqualTo("orders-staging");
	}

	@Test
	void everyCallThatAddressesOneApplicationWorksInItsNamespace() {
		Application refreshed = this.client.refresh(APP, TEAM, "goapps", Refresh.NORMAL).block(PATIENCE);
		assertThat(refreshed.metadata().annotations()).doesNotContainKey("argocd.argoproj.io/refresh");

		assertThat(this.client.resourceTree(APP, TEAM, "goapps").block(PATIENCE).nodes())
			.extracting(ResourceTree.Node::kind)
			.contains("Deployment");
		assertThat(this.client.managedResources(APP, TEAM, "goapps").block(PATIENCE))
			.extracting(ManagedResource::kind)
			.contains("Deployment");
		String revision = this.fake.application(APP).orElseThrow().syncRevision();
		assertThat(this.client.revisionMetadata(APP, TEAM, "goapps", revision).block(PATIENCE).message()).isNotBlank();

		Application patched = this.client.setAutomatedSync(APP, TEAM, "goapps", false).block(PATIENCE);
		assertThat(patched.spec().isAutomatedSyncEnabled()).isFalse();
		// the rollback reaches the application: Argo CD names it by <namespace>/<name> in its answer
		ArgoCdException unknownHistory = failure(this.client.rollback(APP, TEAM, "goapps", 99, false, false));
		assertThat(unknownHistory).isInstanceOf(ArgoCdException.Rejected.class);
		assertThat(unknownHistory.argoCdMessage())
			.isEqualTo("application " + TEAM + "/" + APP + " does not have deployment with id 99");

		this.fake.setSyncDuration(Duration.ofMinutes(5));
		Application syncing = this.client.sync(APP, TEAM, SyncRequest.toTargetRevision("goapps")).block(PATIENCE);
		assertThat(syncing.operation()).isNotNull();
		await().atMost(PATIENCE).until(() -> "Running".equals(this.fake.application(APP).orElseThrow().operationPhase()));
		this.client.terminateOperation(APP, TEAM, "goapps").block(PATIENCE);
		await().atMost(PATIENCE).until(() -> !this.fake.application(APP).orElseThrow().hasOperation());
	}

	@Test
	void argoCdsOwnNamespaceIsNeverNamedSinceArgoCdLooksThereByItself() {
		// a Slipway told that Argo CD runs in the team's namespace sends no appNamespace for it,
		// so Argo CD looks in its real namespace and does not find the application
		ArgoCdClient misconfigured = new WebClientArgoCdClient(properties().withNamespace(TEAM));

		assertThat(failure(misconfigured.get(APP, TEAM, "goapps"))).isInstanceOf(ArgoCdException.NotFound.class);
		// while naming Argo CD's real namespace explicitly is as good as naming none
		assertThat(misconfigured.get("orders-staging", "argocd", "goapps").block(PATIENCE).name())
			.isEqualTo("orders-staging");
	}

	@Test
	void sendsAppNamespaceAsAQueryParameterOnReadsAndInTheBodyOfWrites() throws Exception {
		ArgoCdClient client = new WebClientArgoCdClient(ArgoCdClientFixtures.properties(ArgoCdClientFixtures.url(this.wire)));
		this.wire.enqueue(json(200, "application.json"));
		this.wire.enqueue(json(200, "sync-response.json"));
		this.wire.enqueue(json(200, "application.json"));

		client.get(APP, TEAM, "goapps").block(PATIENCE);
		client.sync(APP, TEAM, SyncRequest.toTargetRevision("goapps")).block(PATIENCE);
		client.get(APP, "argocd", "goapps").block(PATIENCE);

		RecordedRequest get = next(this.wire);
		assertThat(get.getUrl().queryParameter("appNamespace")).isEqualTo(TEAM);
		assertThat(get.getUrl().queryParameter("project")).isEqualTo("goapps");
		RecordedRequest sync = next(this.wire);
		assertThat(sync.getUrl().queryParameter("appNamespace")).isNull();
		assertThat(body(sync).get("appNamespace").stringValue()).isEqualTo(TEAM);
		assertThat(body(sync).get("project").stringValue()).isEqualTo("goapps");
		RecordedRequest own = next(this.wire);
		assertThat(own.getUrl().queryParameterNames()).containsExactly("project");
	}

	@Test
	void theControlPlaneNamespaceMustBeANamespaceName() {
		assertThat(ArgoCdProperties.notConfigured().namespace()).isEqualTo("argocd");
		assertThatIllegalArgumentException().isThrownBy(() -> ArgoCdProperties.notConfigured().withNamespace("Argo_CD"))
			.withMessage("slipway.argocd.namespace must be a Kubernetes namespace name, was 'Argo_CD'");
		assertThat(ArgoCdProperties.notConfigured().withNamespace(" gitops ").namespace()).isEqualTo("gitops");
	}

	private ArgoCdProperties properties() {
		return ArgoCdProperties.withToken(this.fake.url().toString(), this.fake.token())
			.withResilience(1, Duration.ofMillis(10), Duration.ofMinutes(1));
	}

	private static ArgoCdException failure(Mono<?> call) {
		return catchThrowableOfType(ArgoCdException.class, () -> call.block(PATIENCE));
	}

}
