package io.slipway.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.slipway.cluster.ClusterConnectionStatus.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The overview's Kubernetes card against fabric8's mock API server: connected with the server's
 * version, unreachable with the error, not connected with the reason discovery gives.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterConnectionTests {

	private static final Instant NOW = Instant.parse("2030-01-15T12:00:00Z");

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	KubernetesMockServer server;

	KubernetesClient client;

	private final String previousKubeconfig = System.getProperty(Config.KUBERNETES_KUBECONFIG_FILE);

	@AfterEach
	void restoreKubeconfig() {
		if (this.previousKubeconfig == null) {
			System.clearProperty(Config.KUBERNETES_KUBECONFIG_FILE);
		}
		else {
			System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, this.previousKubeconfig);
		}
	}

	@Test
	void connectedShowsTheServersVersionAndAddress() {
		this.server.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("34").withGitVersion("v1.34.2")
			.build());
		LiveClusterConnection connection = new LiveClusterConnection(() -> this.client, ClusterProperties.defaults(),
				CLOCK);

		StepVerifier.create(connection.refresh()).assertNext((status) -> {
			assertThat(status.state()).isEqualTo(State.CONNECTED);
			assertThat(status.version()).isEqualTo("v1.34.2");
			assertThat(status.apiServerUrl()).isEqualTo(this.server.url("/").replaceAll("/+$", ""));
			assertThat(status.checkedAt()).isEqualTo(NOW);
		}).verifyComplete();
		StepVerifier.create(connection.status())
			.assertNext((status) -> assertThat(status.state()).isEqualTo(State.CONNECTED))
			.verifyComplete();
		connection.destroy();
	}

	@Test
	void anApiServerThatDoesNotAnswerIsUnreachableWithTheError() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		String url = "http://127.0.0.1:" + closedPort;
		try (KubernetesClient dead = new KubernetesClientBuilder()
			.withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(url)
				.withRequestRetryBackoffLimit(0)
				.withConnectionTimeout(2000)
				.build())
			.build()) {
			LiveClusterConnection connection = new LiveClusterConnection(() -> dead, ClusterProperties.defaults(),
					CLOCK);

			StepVerifier.create(connection.refresh()).assertNext((status) -> {
				assertThat(status.state()).isEqualTo(State.UNREACHABLE);
				assertThat(status.apiServerUrl()).isEqualTo(url);
				assertThat(status.version()).isNull();
				assertThat(status.message()).startsWith("error reading the version of " + url + ": ");
			}).verifyComplete();
		}
	}

	@Test
	void withoutAccessTheCardSaysNotConnectedAndWhy() {
		KubernetesClientProvider none = () -> {
			throw new KubernetesAccessMissing(DiscoveringKubernetesClientProvider.NOT_CONFIGURED);
		};

		StepVerifier.create(new LiveClusterConnection(none, ClusterProperties.defaults(), CLOCK).refresh())
			.assertNext((status) -> {
				assertThat(status.state()).isEqualTo(State.NOT_CONNECTED);
				assertThat(status.apiServerUrl()).isNull();
				assertThat(status.message()).isEqualTo(DiscoveringKubernetesClientProvider.NOT_CONFIGURED);
			})
			.verifyComplete();
	}

	@Test
	void switchedOffAnswersNotConnectedWithoutLookingForAccess() {
		ClusterProperties off = new ClusterProperties(false, Duration.ofSeconds(10), Duration.ofSeconds(5),
				Duration.ofMinutes(1));
		KubernetesClientProvider untouchable = () -> {
			throw new AssertionError("no client may be built when access is switched off");
		};

		StepVerifier.create(new LiveClusterConnection(untouchable, off, CLOCK).status())
			.assertNext((status) -> {
				assertThat(status.state()).isEqualTo(State.NOT_CONNECTED);
				assertThat(status.message()).isEqualTo("Kubernetes access switched off (slipway.cluster.enabled=false)");
			})
			.verifyComplete();
	}

	@Test
	void discoveryReadsTheKubeconfigAndNeverShowsItsCredentials(@TempDir Path home) throws IOException {
		Path kubeconfig = home.resolve("config");
		Files.writeString(kubeconfig, """
				apiVersion: v1
				kind: Config
				clusters:
				- name: test
				  cluster:
				    server: %s
				    insecure-skip-tls-verify: true
				users:
				- name: slipway
				  user:
				    token: s3cr3t-token
				contexts:
				- name: test
				  context:
				    cluster: test
				    user: slipway
				current-context: test
				""".formatted(this.server.url("/")));
		System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, kubeconfig.toString());
		DiscoveringKubernetesClientProvider discovered = new DiscoveringKubernetesClientProvider(
				ClusterProperties.defaults());
		LiveClusterConnection connection = new LiveClusterConnection(discovered, ClusterProperties.defaults(), CLOCK);

		try {
			StepVerifier.create(connection.refresh()).assertNext((status) -> {
				assertThat(status.state()).as(status.message()).isEqualTo(State.CONNECTED);
				assertThat(status.apiServerUrl()).isEqualTo(this.server.url("/").replaceAll("/+$", ""));
				assertThat(status.toString()).doesNotContain("s3cr3t");
			}).verifyComplete();
		}
		finally {
			connection.destroy();
			discovered.destroy();
		}
	}

	@Test
	void discoveryFindingNothingIsNotConnected(@TempDir Path home) {
		assumeTrue(System.getenv("KUBERNETES_SERVICE_HOST") == null && System.getenv("KUBERNETES_MASTER") == null,
				"runs outside a pod");
		System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, home.resolve("missing").toString());
		DiscoveringKubernetesClientProvider discovered = new DiscoveringKubernetesClientProvider(
				ClusterProperties.defaults());

		StepVerifier.create(new LiveClusterConnection(discovered, ClusterProperties.defaults(), CLOCK).refresh())
			.assertNext((status) -> {
				assertThat(status.state()).isEqualTo(State.NOT_CONNECTED);
				assertThat(status.message()).isEqualTo(DiscoveringKubernetesClientProvider.NOT_CONFIGURED);
			})
			.verifyComplete();
	}

}
