package io.slipway.onboarding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.slipway.templates.TemplatePacks;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A template pack whose files break a platform rule (here: an autoscaler not named
 * {@code <svc>-hpa}): the preview shows the failing check, and submitting is refused with it,
 * writing nothing, however valid the spec.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "slipway.data-dir=target/test-data/onboarding-checks-${random.uuid}",
				"spring.datasource.url=jdbc:h2:mem:onboarding-checks-${random.uuid};DB_CLOSE_DELAY=-1",
				"slipway.security.users[0].name=dave", "slipway.security.users[0].password={noop}dave-pw",
				"slipway.security.users[0].roles=developer" })
@AutoConfigureWebTestClient(timeout = "30s")
class OnboardingChecksTests {

	private static final List<String> GOAPPS = List.of("pack.yaml", "slipway.yaml", "argocd/application.yaml",
			"base/deployment.yaml", "base/hpa.yaml", "base/ingress.yaml", "base/kustomization.yaml",
			"base/networkpolicy.yaml", "base/service.yaml", "overlay/kustomization.yaml", "overlay/replicas.yaml",
			"overlay/resources.yaml");

	@TestBean
	private TemplatePacks templatePacks;

	@Autowired
	private WebTestClient web;

	@Value("${slipway.data-dir}")
	private Path dataDir;

	/** The goapps pack, its autoscaler renamed. */
	static TemplatePacks templatePacks() {
		try {
			// under target/, like the data directories, so a clean build removes it
			Path root = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")), "packs");
			for (String file : GOAPPS) {
				Path target = root.resolve("goapps").resolve(file);
				Files.createDirectories(target.getParent());
				try (InputStream in = OnboardingChecksTests.class.getResourceAsStream("/gitops-templates/goapps/" + file)) {
					String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
					if (file.equals("base/hpa.yaml")) {
						content = content.replace("name: ${service.name}-hpa", "name: ${service.name}-autoscaler");
					}
					Files.writeString(target, content);
				}
			}
			return TemplatePacks.fromDirectory(root);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void previewShowsTheFailingCheckAndSubmittingIsRefused() throws Exception {
		InfraRemote remote = new InfraRemote(this.dataDir);
		Map<String, String> refsBefore = remote.refs();

		JsonNode preview = post("/api/v1/services/preview").expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(preview.get("checks").valueStream())
			.anySatisfy((check) -> {
				assertThat(check.get("rule").asString()).isEqualTo("hpa");
				assertThat(check.get("status").asString()).isEqualTo("FAIL");
			});

		JsonNode problem = post("/api/v1/services").expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(problem.get("errors").valueStream().map((error) -> error.get("field").asString()))
			.contains("checks.hpa");
		assertThat(problem.get("checks").valueStream())
			.allSatisfy((check) -> assertThat(check.get("status").asString()).isEqualTo("FAIL"))
			.anySatisfy((check) -> assertThat(check.get("rule").asString()).isEqualTo("hpa"));
		assertThat(remote.refs()).isEqualTo(refsBefore);
	}

	private WebTestClient.ResponseSpec post(String path) {
		return this.web.post()
			.uri(path)
			.headers((headers) -> headers.setBasicAuth("dave", "dave-pw"))
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
			.bodyValue(Specs.named("scaled"))
			.exchange();
	}

}
