package io.slipway.web;

import io.slipway.platform.Environments;
import io.slipway.security.PermissionMatrix;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockUser;

@WebFluxTest(ErrorHandlingTests.FailingController.class)
@Import({ ErrorHandlingTests.FailingController.class, PermissionMatrix.class })
class ErrorHandlingTests {

	@Autowired
	private WebTestClient client;

	// the permission matrix reads which environments are protected
	@MockitoBean
	private Environments environments;

	@BeforeEach
	void signedIn() {
		this.client = this.client.mutate()
			.responseTimeout(Duration.ofSeconds(30))
			.apply(mockUser("alice").roles("viewer"))
			.build();
	}

	@Test
	void browserGetsTheNotFoundPageInsideTheLayout() {
		String html = this.client.get()
			.uri("/no-such-page")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(html).contains("<h1>Page not found</h1>")
			.contains("There is nothing at /no-such-page.")
			.contains("<a href=\"/services\" hx-get=\"/services\">Services</a>")
			.doesNotContain("aria-current=\"page\"")
			.contains("<span class=\"user-name\">alice</span>")
			.containsOnlyOnce("name=\"_csrf\" value=");
	}

	@Test
	void htmxGetsTheErrorPageToSwapIn() {
		this.client.get()
			.uri("/no-such-page")
			.header("HX-Request", "true")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML);
	}

	@Test
	void browserGetsTheServerErrorPageWithoutTheExceptionMessage() {
		String html = this.client.get()
			.uri("/test/broken-page")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(html).contains("<h1>Something went wrong</h1>")
			.contains("Reference for the log:")
			.doesNotContain("token=s3cr3t");
	}

	@Test
	void browserGetsThePageForStatusesAControllerRaises() {
		String html = this.client.get()
			.uri("/test/missing-service")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(html).contains("<h1>Page not found</h1>");
	}

	@Test
	void apiGetsProblemJsonForAnUnknownPath() {
		this.client.get()
			.uri("/api/v1/no-such-thing")
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(404)
			.jsonPath("$.title")
			.isEqualTo("Not Found")
			.jsonPath("$.instance")
			.isEqualTo("/api/v1/no-such-thing");
	}

	@Test
	void apiGetsProblemJsonWithTheReasonAControllerGives() {
		this.client.get()
			.uri("/api/test/conflict")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(409)
			.jsonPath("$.detail")
			.isEqualTo("service payments already exists")
			.jsonPath("$.instance")
			.isEqualTo("/api/test/conflict");
	}

	@Test
	void apiGetsProblemJsonWithoutTheExceptionMessageOnServerErrors() {
		String body = this.client.get()
			.uri("/api/test/broken")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(body).contains("\"status\":500").doesNotContain("token=s3cr3t");
	}

	@Controller
	static class FailingController {

		@GetMapping("/test/broken-page")
		String brokenPage() {
			throw new IllegalStateException("error pushing to https://git.example?token=s3cr3t");
		}

		@GetMapping("/test/missing-service")
		String missingService() {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no service payments");
		}

		@GetMapping("/api/test/conflict")
		@ResponseBody
		String conflict() {
			throw new ResponseStatusException(HttpStatus.CONFLICT, "service payments already exists");
		}

		@GetMapping("/api/test/broken")
		@ResponseBody
		String broken() {
			throw new IllegalStateException("error pushing to https://git.example?token=s3cr3t");
		}

	}

}
