package io.slipway.security;

import java.util.List;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Refresh and Sync against the running application configured with environments other than the
 * default: {@code dev, staging, prod}, where staging's promotions need an approval. The last
 * environment and the approved one are on-call's, dev every developer's, and {@code production}
 * (not an environment here) is nothing special.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "slipway.data-dir=target/test-data/security-environments-${random.uuid}",
				"spring.datasource.url=jdbc:h2:mem:security-environments-${random.uuid};DB_CLOSE_DELAY=-1",
				"slipway.environment-order=dev,staging,prod", "slipway.environments.staging.approvals=1",
				"slipway.security.users[0].name=viewer", "slipway.security.users[0].password={noop}viewer-pw",
				"slipway.security.users[0].roles=viewer", "slipway.security.users[1].name=developer",
				"slipway.security.users[1].password={noop}developer-pw", "slipway.security.users[1].roles=developer",
				"slipway.security.users[2].name=oncall", "slipway.security.users[2].password={noop}oncall-pw",
				"slipway.security.users[2].roles=oncall", "slipway.security.users[3].name=admin",
				"slipway.security.users[3].password={noop}admin-pw", "slipway.security.users[3].roles=admin" })
@AutoConfigureWebTestClient(timeout = "30s")
class PermissionMatrixEnvironmentsTests {

	private static final List<String> ACTIONS = List.of("refresh", "sync");

	@Autowired
	private WebTestClient client;

	@Test
	void argoCdActionsFollowTheConfiguredEnvironments() {
		SoftAssertions softly = new SoftAssertions();
		for (String action : ACTIONS) {
			expect(softly, "dev", action, List.of("developer", "oncall", "admin"), List.of("viewer"));
			expect(softly, "staging", action, List.of("oncall", "admin"), List.of("viewer", "developer"));
			expect(softly, "prod", action, List.of("oncall", "admin"), List.of("viewer", "developer"));
			expect(softly, "production", action, List.of("developer", "oncall", "admin"), List.of("viewer"));
		}
		softly.assertAll();
	}

	@Test
	void theRefusalNamesWhoMayActInTheProtectedEnvironment() {
		this.client.post()
			.uri("/api/v1/services/payments/environments/prod/sync")
			.headers((headers) -> headers.setBasicAuth("developer", "developer-pw"))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("role oncall or admin required for POST /api/v1/services/payments/environments/prod/sync");
	}

	private void expect(SoftAssertions softly, String environment, String action, List<String> allowed,
			List<String> refused) {
		String path = "/api/v1/services/payments/environments/" + environment + "/" + action;
		for (String user : allowed) {
			softly.assertThat(status(path, user)).as("POST %s as %s (allowed)", path, user).isNotIn(401, 403);
		}
		for (String user : refused) {
			softly.assertThat(status(path, user)).as("POST %s as %s (refused)", path, user).isEqualTo(403);
		}
	}

	private int status(String path, String user) {
		return this.client.method(HttpMethod.POST)
			.uri(path)
			.headers((headers) -> headers.setBasicAuth(user, user + "-pw"))
			.exchange()
			.expectBody()
			.returnResult()
			.getStatus()
			.value();
	}

}
