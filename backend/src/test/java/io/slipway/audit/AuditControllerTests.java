package io.slipway.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockUser;

/**
 * The audit log as users and scripts see it: the whole application, events published the way
 * other modules publish them, read back over the API and the page.
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:audit-controller-tests;DB_CLOSE_DELAY=-1")
@AutoConfigureWebTestClient(timeout = "30s")
class AuditControllerTests {

	@TempDir
	static Path dataDir;

	@DynamicPropertySource
	static void dataDir(DynamicPropertyRegistry registry) {
		registry.add("slipway.data-dir", () -> dataDir.toString());
	}

	@Autowired
	private WebTestClient web;

	@Autowired
	private ApplicationEventPublisher events;

	@Autowired
	private JdbcClient jdbc;

	@BeforeEach
	void publishThreeEvents() {
		this.jdbc.sql("DELETE FROM audit_entry").update();
		this.jdbc.sql("UPDATE audit_chain_head SET last_seq = 0, last_hash = ? WHERE id = 1")
			.param(ChainHash.GENESIS)
			.update();
		this.events.publishEvent(new TokenCreated("alice", "ci-deploy", 7));
		this.events.publishEvent(new TokenRevoked("bob", "old-laptop", 3));
		this.events.publishEvent(new TokenCreated("alice", "grafana", 8));
	}

	@Test
	void apiListsEntriesNewestFirst() {
		List<Map<String, Object>> entries = getJsonList("/api/v1/audit");

		assertThat(entries).extracting(entry -> entry.get("subject")).containsExactly("grafana", "old-laptop", "ci-deploy");
		assertThat(entries.get(0)).containsEntry("seq", 3)
			.containsEntry("actor", "alice")
			.containsEntry("action", "token.created")
			.containsEntry("details", Map.of("tokenId", 8))
			.containsKeys("occurredAt", "hash");
		assertThat((String) entries.get(0).get("occurredAt")).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
	}

	@Test
	void apiFiltersByActorActionTimeAndPages() {
		assertThat(getJsonList("/api/v1/audit?actor=alice")).extracting(entry -> entry.get("subject"))
			.containsExactly("grafana", "ci-deploy");
		assertThat(getJsonList("/api/v1/audit?action=token.revoked")).extracting(entry -> entry.get("subject"))
			.containsExactly("old-laptop");
		assertThat(getJsonList("/api/v1/audit?action=token")).hasSize(3);
		assertThat(getJsonList("/api/v1/audit?limit=2&page=1")).extracting(entry -> entry.get("subject"))
			.containsExactly("ci-deploy");
		assertThat(getJsonList("/api/v1/audit?since=2000-01-01T00:00:00Z&until=2999-01-01T00:00:00Z")).hasSize(3);
		assertThat(getJsonList("/api/v1/audit?since=2999-01-01T00:00:00Z")).isEmpty();
	}

	@Test
	void verifyReportsAnIntactChainAndThenWhereItWasTampered() {
		viewer().get()
			.uri("/api/v1/audit/verify")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"valid\":true,\"entries\":3}", JsonCompareMode.STRICT);

		this.jdbc.sql("UPDATE audit_entry SET actor = 'mallory' WHERE seq = 2").update();

		viewer().get()
			.uri("/api/v1/audit/verify")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"valid\":false,\"entries\":3,\"brokenAt\":2}", JsonCompareMode.STRICT);
	}

	@Test
	void pageShowsEntriesAndTheChainStatus() {
		String page = getHtml("/audit");

		assertThat(page).contains("Chain verified: 3 entries", "ci-deploy", "old-laptop", "grafana", "token.revoked",
				"tokenId=8");
		assertThat(page.indexOf("grafana")).isLessThan(page.indexOf("ci-deploy"));
	}

	@Test
	void pageFilterNarrowsTheTable() {
		String page = getHtml("/audit?actor=bob");

		assertThat(page).contains("old-laptop").doesNotContain("ci-deploy").doesNotContain("grafana");
		assertThat(getHtml("/audit?action=token.created")).contains("ci-deploy", "grafana").doesNotContain("old-laptop");
		assertThat(getHtml("/audit?actor=nobody")).contains("No audit entries match this filter.");
	}

	@Test
	void pageShowsABrokenChainInRed() {
		this.jdbc.sql("DELETE FROM audit_entry WHERE seq = 2").update();

		assertThat(getHtml("/audit")).contains("Chain broken at #2", "audit-chain--broken")
			.doesNotContain("Chain verified");
	}

	@Test
	void htmxFilterGetsOnlyTheResultsTable() {
		String fragment = viewer().get()
			.uri("/audit?actor=bob")
			.header("HX-Request", "true")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(fragment).contains("id=\"audit-results\"", "old-laptop")
			.doesNotContain("<html", "Chain verified", "grafana");
	}

	@Test
	void exportStreamsEveryEntryOldestFirstAsJsonLines() {
		String body = viewer().get()
			.uri("/api/v1/audit/export")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		List<String> lines = body.lines().toList();
		assertThat(lines).hasSize(3);
		assertThat(lines.get(0)).startsWith("{\"action\":\"token.created\",\"actor\":\"alice\",\"details\":{\"tokenId\":7}")
			.contains("\"seq\":1", "\"prevHash\":\"" + ChainHash.GENESIS + "\"");
		assertThat(lines.get(2)).contains("\"seq\":3", "\"subject\":\"grafana\"");
	}

	private WebTestClient viewer() {
		return this.web.mutateWith(mockUser("alice").roles("VIEWER"));
	}

	private List<Map<String, Object>> getJsonList(String uri) {
		return viewer().get()
			.uri(uri)
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	private String getHtml(String uri) {
		return viewer().get()
			.uri(uri)
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	record TokenCreated(String actor, String name, long tokenId) implements AuditableEvent {

		@Override
		public String action() {
			return "token.created";
		}

		@Override
		public String subject() {
			return this.name;
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("tokenId", this.tokenId);
		}

	}

	record TokenRevoked(String actor, String name, long tokenId) implements AuditableEvent {

		@Override
		public String action() {
			return "token.revoked";
		}

		@Override
		public String subject() {
			return this.name;
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("tokenId", this.tokenId);
		}

	}

}
