package io.slipway.cluster;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code GET /api/v1/backups} in the running application, its cluster being fabric8's mock API
 * server: the report as JSON, for any signed-in role.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "slipway.data-dir=target/test-data/backups-${random.uuid}",
				"spring.datasource.url=jdbc:h2:mem:backups-${random.uuid};DB_CLOSE_DELAY=-1",
				"slipway.security.users[0].name=viewer", "slipway.security.users[0].password={noop}viewer-pw",
				"slipway.security.users[0].roles=viewer" })
@AutoConfigureWebTestClient(timeout = "30s")
@EnableKubernetesMockClient(crud = true)
class BackupApiControllerTests {

	private static final Instant NOW = Instant.parse("2030-01-15T12:00:00Z");

	static KubernetesClient client;

	@Autowired
	private WebTestClient web;

	@TestConfiguration
	static class MockCluster {

		@Bean
		@Primary
		KubernetesClientProvider mockCluster() {
			return () -> client;
		}

		@Bean
		Clock clock() {
			return Clock.fixed(NOW, ZoneOffset.UTC);
		}

	}

	@Test
	void backupStatusWithFreshnessAsJson() {
		ClusterFixtures cluster = new ClusterFixtures(client);
		cluster.cronJob("postgres-backup-morning", "0 2 * * *", Map.of("app", "postgres"), "2030-01-15T02:09:30Z");
		cluster.cronJob("postgres-backup-evening", "0 20 * * *", Map.of("app", "postgres"), "2030-01-13T20:05:00Z");

		this.web.get()
			.uri("/api/v1/backups")
			.headers((headers) -> headers.setBasicAuth("viewer", "viewer-pw"))
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.freshness").isEqualTo("LATE")
			.jsonPath("$.message").value((String message) -> message.startsWith("postgres-backup-evening late: "))
			.jsonPath("$.checkedAt").isEqualTo("2030-01-15T12:00:00Z")
			.jsonPath("$.backups.length()").isEqualTo(2)
			.jsonPath("$.backups[0].name").isEqualTo("postgres-backup-evening")
			.jsonPath("$.backups[0].freshness").isEqualTo("LATE")
			.jsonPath("$.backups[0].message")
			.isEqualTo("last success 39 h 55 min ago (2030-01-13T20:05:00Z), every 24 h + 2 h grace: "
					+ "the run due at 2030-01-14T20:00:00Z has not succeeded")
			.jsonPath("$.backups[1].name").isEqualTo("postgres-backup-morning")
			.jsonPath("$.backups[1].namespace").isEqualTo("database")
			.jsonPath("$.backups[1].kind").isEqualTo("CronJob")
			.jsonPath("$.backups[1].schedule").isEqualTo("0 2 * * *")
			.jsonPath("$.backups[1].lastSuccess").isEqualTo("2030-01-15T02:09:30Z")
			.jsonPath("$.backups[1].lastFailure").isEmpty()
			.jsonPath("$.backups[1].nextExpected").isEqualTo("2030-01-16T02:00:00Z")
			.jsonPath("$.backups[1].grace").isEqualTo("PT2H")
			.jsonPath("$.backups[1].freshness").isEqualTo("FRESH");
	}

	@Test
	void anonymousCallersAreAskedToSignIn() {
		this.web.get().uri("/api/v1/backups").exchange().expectStatus().isUnauthorized();
	}

}
