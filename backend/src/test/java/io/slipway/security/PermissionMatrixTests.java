package io.slipway.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The permission tables of {@code docs/permissions.md}, row by row, against the running
 * application: anonymous callers are asked to authenticate (401 for the API, the login page for
 * pages), roles without a check mark are refused (403), roles with one get past security (their
 * handler may still answer 404 or 400 until the feature exists). The document is therefore the
 * truth about who may do what.
 */
@SecurityIntegrationTest
class PermissionMatrixTests {

	private static final Path DOCUMENT = Path.of("../docs/permissions.md");

	private static final List<String> ROLE_COLUMNS = List.of("viewer", "developer", "approver", "oncall", "admin");

	/** Every endpoint of the contract's API table; a row missing from the document fails. */
	private static final List<String> CONTRACT_API = List.of("POST /api/v1/services/preview", "POST /api/v1/services",
			"GET /api/v1/services", "GET /api/v1/services/{name}", "GET /api/v1/change-requests",
			"GET /api/v1/change-requests/{id}", "POST /api/v1/change-requests/{id}/approve",
			"POST /api/v1/change-requests/{id}/merge", "POST /api/v1/change-requests/{id}/close",
			"POST /api/v1/promotions", "GET /api/v1/promotions", "GET /api/v1/promotions/{id}",
			"POST /api/v1/promotions/{id}/checklist/{item}", "POST /api/v1/promotions/{id}/approvals",
			"POST /api/v1/promotions/{id}/abort", "POST /api/v1/rollbacks", "GET /api/v1/rollbacks/{id}",
			"DELETE /api/v1/services/{name}/hold", "GET /api/v1/backups", "GET /api/v1/maintenance/report",
			"POST /api/v1/maintenance/signoffs", "POST /api/v1/maintenance/restore-tests", "GET /api/v1/audit",
			"GET /api/v1/audit/verify", "POST /api/v1/tokens", "GET /api/v1/tokens", "DELETE /api/v1/tokens/{id}");

	/** The contract's browser pages (the login page is public). */
	private static final List<String> CONTRACT_PAGES = List.of("GET /", "GET /services", "GET /services/{name}",
			"GET /services/new", "GET /change-requests", "GET /promotions", "GET /promotions/{id}", "GET /rollbacks",
			"GET /maintenance", "GET /audit");

	private static final Pattern ROW = Pattern
		.compile("^\\|\\s*(GET|POST|PUT|PATCH|DELETE)\\s*\\|\\s*`([^`]+)`[^|]*\\|(.*)\\|\\s*$");

	private static final Pattern PUBLIC_ROW = Pattern.compile("^\\|\\s*(`/[^|]+)\\|[^|]+\\|\\s*$");

	private static List<DocumentedRow> rows;

	private static List<String> publicPaths;

	@Autowired
	private WebTestClient client;

	@BeforeAll
	static void readDocument() throws IOException {
		rows = new ArrayList<>();
		publicPaths = new ArrayList<>();
		for (String line : Files.readAllLines(DOCUMENT, StandardCharsets.UTF_8)) {
			Matcher row = ROW.matcher(line);
			if (row.matches()) {
				String[] marks = row.group(3).split("\\|");
				assertThat(marks).as("role columns of: %s", line).hasSize(ROLE_COLUMNS.size());
				Set<String> allowed = new LinkedHashSet<>();
				for (int i = 0; i < marks.length; i++) {
					String mark = marks[i].trim();
					assertThat(mark).as("cell of: %s", line).isIn("✔", "—");
					if (mark.equals("✔")) {
						allowed.add(ROLE_COLUMNS.get(i));
					}
				}
				rows.add(new DocumentedRow(HttpMethod.valueOf(row.group(1)), row.group(2), allowed));
				continue;
			}
			Matcher open = PUBLIC_ROW.matcher(line);
			if (open.matches()) {
				Matcher path = Pattern.compile("`([^`]+)`").matcher(open.group(1));
				while (path.find()) {
					publicPaths.add(path.group(1));
				}
			}
		}
	}

	@Test
	void documentCoversEveryEndpointOfTheContract() {
		List<String> documented = rows.stream().map(row -> row.method().name() + " " + row.pattern()).toList();
		assertThat(documented).containsAll(CONTRACT_API).containsAll(CONTRACT_PAGES);
		assertThat(publicPaths).contains("/login", "/actuator/health/**", "/actuator/prometheus");
	}

	@Test
	void adminIsAllowedEveryRow() {
		assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row.allowed()).as(row.toString()).contains("admin"));
	}

	@Test
	void everyRoleGetsExactlyWhatTheDocumentSays() {
		SoftAssertions softly = new SoftAssertions();
		for (DocumentedRow row : rows) {
			String path = row.samplePath();
			for (String role : ROLE_COLUMNS) {
				HttpStatusCode status = call(row.method(), path, role).getStatus();
				if (row.allowed().contains(role)) {
					softly.assertThat(status.value())
						.as("%s %s as %s (allowed)", row.method(), path, role)
						.isNotIn(401, 403);
				}
				else {
					softly.assertThat(status.value()).as("%s %s as %s (not allowed)", row.method(), path, role)
						.isEqualTo(403);
				}
			}
			softly.assertThat(call(row.method(), path, "nobody").getStatus().value())
				.as("%s %s as a user with no known role", row.method(), path)
				.isEqualTo(403);
		}
		softly.assertAll();
	}

	@Test
	void anonymousCallersAreAskedToAuthenticate() {
		SoftAssertions softly = new SoftAssertions();
		for (DocumentedRow row : rows) {
			String path = row.samplePath();
			if (row.isApi()) {
				EntityExchangeResult<byte[]> result = this.client.method(row.method()).uri(path).exchange()
					.expectBody().returnResult();
				softly.assertThat(result.getStatus().value()).as("anonymous %s %s", row.method(), path).isEqualTo(401);
				softly.assertThat(result.getResponseHeaders().getFirst("WWW-Authenticate"))
					.as("challenge of anonymous %s %s", row.method(), path)
					.isEqualTo("Basic realm=\"Slipway\"");
				softly.assertThat(result.getResponseHeaders().getContentType())
					.as("body of anonymous %s %s", row.method(), path)
					.isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			}
			else {
				// A browser posts page forms with the CSRF token of the page it came from.
				BrowserSession browser = BrowserSession.openLoginPage(this.client);
				EntityExchangeResult<?> result = (row.method() == HttpMethod.GET) ? browser.get(path)
						: browser.postForm(path);
				softly.assertThat(result.getStatus()).as("anonymous %s %s", row.method(), path).isEqualTo(HttpStatus.FOUND);
				softly.assertThat(result.getResponseHeaders().getLocation())
					.as("redirect of anonymous %s %s", row.method(), path)
					.hasToString("/login");
			}
		}
		softly.assertAll();
	}

	@Test
	void publicPathsNeedNoCredentials() {
		SoftAssertions softly = new SoftAssertions();
		for (String pattern : publicPaths) {
			String path = DocumentedRow.sample(pattern);
			EntityExchangeResult<byte[]> result = this.client.get().uri(path).exchange().expectBody().returnResult();
			softly.assertThat(result.getStatus().value()).as("anonymous GET %s", path).isNotIn(401, 403, 302);
		}
		softly.assertThat(this.client.get().uri("/actuator/prometheus").exchange().expectBody().returnResult().getStatus().value())
			.as("metrics")
			.isEqualTo(200);
		softly.assertThat(this.client.get().uri("/v3/api-docs").exchange().expectBody(String.class).returnResult()
			.getResponseBody()).as("OpenAPI document").contains("/api/v1/tokens");
		softly.assertThat(this.client.get().uri("/actuator/health/readiness").exchange().expectBody().returnResult().getStatus().value())
			.as("readiness")
			.isEqualTo(200);
		softly.assertAll();
	}

	@Test
	void refusalNamesTheRolesThatWouldBeAllowed() {
		this.client.post().uri("/api/v1/services").headers(headers -> headers.setBasicAuth("viewer", "viewer-pw"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus().isForbidden()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status").isEqualTo(403)
			.jsonPath("$.detail").isEqualTo("role developer or admin required for POST /api/v1/services");
	}

	private EntityExchangeResult<byte[]> call(HttpMethod method, String path, String user) {
		return this.client.method(method).uri(path).headers(headers -> headers.setBasicAuth(user, user + "-pw"))
			.exchange().expectBody().returnResult();
	}

	record DocumentedRow(HttpMethod method, String pattern, Set<String> allowed) {

		private static final Map<String, String> SAMPLE_VALUES = Map.of("{id}", "1", "{name}", "demo", "{item}", "1", "{pack}", "demo",
				"**", "not-in-the-matrix");

		boolean isApi() {
			return this.pattern.startsWith("/api");
		}

		String samplePath() {
			return sample(this.pattern);
		}

		static String sample(String pattern) {
			String path = pattern;
			for (Map.Entry<String, String> value : SAMPLE_VALUES.entrySet()) {
				path = path.replace(value.getKey(), value.getValue());
			}
			return path;
		}

	}

}
