package io.slipway.operations;

import java.nio.file.Path;
import java.time.Duration;

import io.slipway.ControlPlaneApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
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
@ExtendWith(OutputCaptureExtension.class)
class OperationsTests {

	@TempDir
	Path dataDir;

	@Test
	void probesMetricsAndApiDocsAnswerWithoutSigningIn(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("--logging.structured.format.console=ecs")) {
			WebTestClient client = client(context);

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

		// Every console line of the run is one JSON object (ECS), so log shippers need no parsing rules.
		JsonMapper json = JsonMapper.builder().build();
		String started = output.getOut().lines()
			.filter(line -> line.contains("Started ControlPlaneApplication"))
			.findFirst()
			.orElseThrow();
		JsonNode entry = json.readTree(started);
		assertThat(entry.path("log.level").asString()).isEqualTo("INFO");
		assertThat(entry.path("message").asString()).contains("Started ControlPlaneApplication");
	}

	private ConfigurableApplicationContext start(String... extra) {
		String[] args = new String[extra.length + 2];
		args[0] = "--slipway.data-dir=" + this.dataDir;
		args[1] = "--server.port=0";
		System.arraycopy(extra, 0, args, 2, extra.length);
		return new SpringApplicationBuilder(ControlPlaneApplication.class).run(args);
	}

	private static WebTestClient client(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30)).build();
	}

}
