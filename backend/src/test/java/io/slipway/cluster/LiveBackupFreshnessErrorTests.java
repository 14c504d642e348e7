package io.slipway.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.slipway.cluster.BackupReport.Freshness;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the backup namespace cannot be read the report is UNKNOWN and says why: which RBAC
 * permission is missing, or which API server did not answer.
 */
@EnableKubernetesMockClient
class LiveBackupFreshnessErrorTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-15T12:00:00Z"), ZoneOffset.UTC);

	KubernetesMockServer server;

	KubernetesClient client;

	@Test
	void forbiddenNamesTheMissingPermission() {
		this.server.expect()
			.get()
			.withPath("/apis/batch/v1/namespaces/database/cronjobs")
			.andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
				.withMessage("cronjobs.batch is forbidden: User \"system:serviceaccount:slipway:slipway\" cannot "
						+ "list resource \"cronjobs\" in API group \"batch\" in the namespace \"database\"")
				.build())
			.once();
		String url = this.client.getMasterUrl().toString().replaceAll("/+$", "");

		StepVerifier.create(new LiveBackupFreshness(() -> this.client, BackupProperties.defaults(), CLOCK).check())
			.assertNext((report) -> {
				assertThat(report.freshness()).isEqualTo(Freshness.UNKNOWN);
				assertThat(report.message()).isEqualTo("forbidden to read CronJobs and Jobs in namespace database at "
						+ url + ": Slipway's account needs RBAC permission to get and list cronjobs.batch and "
						+ "jobs.batch in namespace database");
			})
			.verifyComplete();
	}

	@Test
	void anApiServerThatDoesNotAnswerIsUnknownWithTheError() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		String url = "http://127.0.0.1:" + closedPort;
		try (KubernetesClient dead = new KubernetesClientBuilder()
			.withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(url).withRequestRetryBackoffLimit(0).build())
			.build()) {
			StepVerifier.create(new LiveBackupFreshness(() -> dead, BackupProperties.defaults(), CLOCK).check())
				.assertNext((report) -> {
					assertThat(report.freshness()).isEqualTo(Freshness.UNKNOWN);
					assertThat(report.message())
						.startsWith("error reading CronJobs and Jobs in namespace database at " + url + ": ");
				})
				.verifyComplete();
		}
	}

}
