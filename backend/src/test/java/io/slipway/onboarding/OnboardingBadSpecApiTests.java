package io.slipway.onboarding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.slipway.gitops.CommitRequest;
import io.slipway.gitops.GitOpsRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every spec of the bad-spec corpus ({@code onboarding/bad-specs}, see its README) submitted to
 * {@code POST /api/v1/services}: the status it documents, the field it names, and not one ref of
 * the infra repository moved.
 */
@OnboardingApiTest
class OnboardingBadSpecApiTests {

	private static final String CORPUS = "/onboarding/bad-specs/";

	@Autowired
	private WebTestClient web;

	@Autowired
	private GitOpsRepository gitOps;

	@Value("${slipway.data-dir}")
	private Path dataDir;

	/** The corpus's 409 case needs a service named orders on the main branch. */
	@BeforeEach
	void ordersExists() {
		this.gitOps
			.commit(CommitRequest.builder("feat(orders): add deployment configuration")
				.put("services/orders/base/kustomization.yaml", "resources: []\n")
				.build())
			.block(Duration.ofSeconds(30));
	}

	static Stream<Arguments> corpus() {
		return read("expectations.csv").lines().skip(1).filter((line) -> !line.isBlank()).map((line) -> {
			String[] columns = line.split(",", -1);
			return Arguments.of(columns[0], columns[1], columns[2], Integer.parseInt(columns[3].strip()));
		});
	}

	@ParameterizedTest(name = "{0} -> {3} {1}")
	@MethodSource("corpus")
	void isRefusedNamingTheFieldAndWritesNothing(String file, String field, String fragment, int status)
			throws IOException {
		InfraRemote remote = new InfraRemote(this.dataDir);
		Map<String, String> refsBefore = remote.refs();

		WebTestClient.ResponseSpec response = this.web.post()
			.uri("/api/v1/services")
			.headers((headers) -> headers.setBasicAuth("dave", "dave-pw"))
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
			.bodyValue(bytes(file))
			.exchange();

		response.expectStatus().isEqualTo(status);
		response.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		JsonNode problem = response.expectBody(JsonNode.class).returnResult().getResponseBody();
		if (status != 413) {
			List<JsonNode> named = problem.get("errors")
				.valueStream()
				.filter((error) -> error.get("field").asString().equals(field))
				.toList();
			assertThat(named).as("errors naming %s in %s", field, problem).isNotEmpty();
			assertThat(named).anySatisfy((error) -> assertThat(error.get("message").asString()).contains(fragment));
		}
		assertThat(remote.refs()).as("refs of the infra repository").isEqualTo(refsBefore);
	}

	private static String read(String name) {
		return new String(bytes(name), StandardCharsets.UTF_8);
	}

	private static byte[] bytes(String name) {
		try (InputStream in = OnboardingBadSpecApiTests.class.getResourceAsStream(CORPUS + name)) {
			if (in == null) {
				throw new IllegalStateException("no " + CORPUS + name + " on the test classpath");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
