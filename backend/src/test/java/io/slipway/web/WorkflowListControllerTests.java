package io.slipway.web;

import io.slipway.platform.Environments;
import io.slipway.security.PermissionMatrix;
import org.springframework.context.annotation.Import;
import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockUser;

@WebFluxTest(WorkflowListController.class)
@Import(PermissionMatrix.class)
class WorkflowListControllerTests {

	@Autowired
	private WebTestClient client;

	// the permission matrix reads which environments are protected
	@MockitoBean
	private Environments environments;

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			/rollbacks       | Rollbacks          | No rollbacks yet.
			/maintenance     | Weekly maintenance | No weekly reviews signed off yet.
			""")
	void showsAnEmptyStateAndHighlightsItsNavigationEntry(String path, String heading, String emptyState) {
		String html = this.client.mutate()
			.responseTimeout(Duration.ofSeconds(30))
			.build()
			.mutateWith(mockUser("alice").roles("viewer"))
			.get()
			.uri(path)
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(html).contains("<h1>" + heading + "</h1>")
			.contains("<p class=\"empty-title\">" + emptyState + "</p>")
			.containsOnlyOnce("aria-current=\"page\"")
			.contains("<a href=\"" + path + "\" hx-get=\"" + path + "\" aria-current=\"page\" class=\"active\">");
	}

}
