package io.slipway.operations;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.slipway.ControlPlaneApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator scrapes and probes: health groups, Prometheus metrics, the OpenAPI document,
 * and JSON logs when asked for.
 */
class OperationsTests {

	@TempDir
	Path dataDir;

	@Test
	void probesMetricsAndApiDocsAnswerWithoutSigningIn() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ControlPlaneApplication.class)
			.run("--slipway.data-dir=" + this.dataDir, "--server.port=0")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			WebTestClient client = WebTestClient.bindToServer()
				.baseUrl("http://127.0.0.1:" + port)
				.responseTimeout(Duration.ofSeconds(30))
				.build();

			client.get().uri("/actuator/health/readiness").exchange()
				.expectStatus().isOk()
				.expectBody().jsonPath("$.status").isEqualTo("UP");
			client.get().uri("/actuator/health/liveness").exchange()
				.expectStatus().isOk()
				.expectBody().jsonPath("$.status").isEqualTo("UP");
			client.get().uri("/actuator/prometheus").exchange()
				.expectStatus().isOk()
				.expectBody(String.class)
				.value(body -> assertThat(body).contains("jvm_memory_used_bytes").contains("http_server_requests"));
			client.get().uri("/v3/api-docs").accept(MediaType.APPLICATION_JSON).exchange()
				.expectStatus().isOk()
				.expectBody()
				.jsonPath("$.openapi").exists()
				.jsonPath("$.paths['/api/v1/audit/verify']").exists();
		}
	}

	/**
	 * Runs Slipway in a child JVM: Logback's configuration is JVM-wide, so switching it to JSON
	 * here would leak into every later test.
	 */
	@Test
	void logsOneJsonObjectPerLineWhenAskedFor() throws Exception {
		String java = ProcessHandle.current().info().command().orElse("java");
		Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				ControlPlaneApplication.class.getName(), "--server.port=0", "--slipway.data-dir=" + this.dataDir,
				"--logging.structured.format.console=ecs")
			.redirectErrorStream(true)
			.start();
		List<String> lines = new ArrayList<>();
		try {
			CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
				try (BufferedReader reader = new BufferedReader(
						new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
					String line;
					while ((line = reader.readLine()) != null) {
						lines.add(line);
						if (line.contains("Started ControlPlaneApplication")) {
							return;
						}
					}
				}
				catch (java.io.IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			});
			started.get(90, TimeUnit.SECONDS);
		}
		finally {
			process.destroy();
			process.waitFor(30, TimeUnit.SECONDS);
		}

		JsonMapper json = JsonMapper.builder().build();
		assertThat(lines).as("console output").isNotEmpty().allSatisfy(line -> {
			JsonNode entry = json.readTree(line);
			assertThat(entry.path("@timestamp").isMissingNode()).as(line).isFalse();
			assertThat(entry.path("message").asString()).as(line).isNotBlank();
		});
		JsonNode started = json.readTree(lines.get(lines.size() - 1));
		assertThat(started.path("log").path("level").asString()).isEqualTo("INFO");
		assertThat(started.path("log").path("logger").asString()).isEqualTo(ControlPlaneApplication.class.getName());
	}

}
