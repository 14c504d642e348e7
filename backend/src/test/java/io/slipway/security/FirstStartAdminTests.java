package io.slipway.security;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.slipway.ControlPlaneApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fresh installation with no users configured: the first start creates {@code admin} and logs
 * its password once; a restart on the same database keeps that user and prints nothing.
 */
@ExtendWith(OutputCaptureExtension.class)
class FirstStartAdminTests {

	private static final Pattern ANNOUNCEMENT = Pattern
		.compile("created user 'admin' with password ([A-Za-z0-9]{24}) \\(shown only this once\\)");

	@TempDir
	Path dataDir;

	@Test
	void firstStartCreatesAdminOnceAndPrintsItsPasswordOnce(CapturedOutput output) {
		List<UserCreated> created = new CopyOnWriteArrayList<>();
		String password;
		String hash;
		try (ConfigurableApplicationContext first = start(created)) {
			Matcher announced = ANNOUNCEMENT.matcher(output.getOut());
			assertThat(announced.find()).as("password announced in the log").isTrue();
			password = announced.group(1);
			hash = storedHash(first);
			assertThat(hash).startsWith("{bcrypt}").doesNotContain(password);
			client(first).get().uri("/api/v1/tokens").headers(headers -> headers.setBasicAuth("admin", password))
				.exchange()
				.expectStatus().isOk()
			.expectBody();
			client(first).post().uri("/api/v1/rollbacks").headers(headers -> headers.setBasicAuth("admin", password))
				.exchange()
				.expectStatus().value(status -> assertThat(status).isNotIn(401, 403))
			.expectBody();
		}
		assertThat(created).containsExactly(new UserCreated("system", "admin", List.of("admin")));

		try (ConfigurableApplicationContext second = start(created)) {
			assertThat(ANNOUNCEMENT.matcher(output.getOut()).results()).hasSize(1);
			assertThat(output.getOut().indexOf(password)).isEqualTo(output.getOut().lastIndexOf(password));
			assertThat(storedHash(second)).isEqualTo(hash);
			client(second).get().uri("/api/v1/tokens").headers(headers -> headers.setBasicAuth("admin", password))
				.exchange()
				.expectStatus().isOk()
			.expectBody();
		}
		assertThat(created).hasSize(1);

		// Configuration wins over the stored user of the same name.
		try (ConfigurableApplicationContext third = start(created, "slipway.security.users[0].name=admin",
				"slipway.security.users[0].password={noop}configured-pw", "slipway.security.users[0].roles=viewer")) {
			client(third).get().uri("/api/v1/tokens").headers(headers -> headers.setBasicAuth("admin", password))
				.exchange()
				.expectStatus().isUnauthorized()
			.expectBody();
			client(third).get().uri("/api/v1/tokens")
				.headers(headers -> headers.setBasicAuth("admin", "configured-pw"))
				.exchange()
				.expectStatus().isOk()
			.expectBody();
			client(third).post().uri("/api/v1/rollbacks")
				.headers(headers -> headers.setBasicAuth("admin", "configured-pw"))
				.exchange()
				.expectStatus().isForbidden()
			.expectBody();
		}
	}

	@Test
	void configuredUsersMeanNoFirstStartAdmin(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(new CopyOnWriteArrayList<>(),
				"slipway.security.users[0].name=ops", "slipway.security.users[0].password={noop}ops-pw",
				"slipway.security.users[0].roles=admin")) {
			assertThat(context.getBean(AppUserRepository.class).count()).isZero();
			assertThat(output.getOut()).doesNotContain("created user 'admin'");
			client(context).get().uri("/api/v1/tokens").headers(headers -> headers.setBasicAuth("ops", "ops-pw"))
				.exchange()
				.expectStatus().isOk()
			.expectBody();
		}
	}

	private ConfigurableApplicationContext start(List<UserCreated> created, String... properties) {
		ApplicationListener<PayloadApplicationEvent<?>> recorder = event -> {
			if (event.getPayload() instanceof UserCreated user) {
				created.add(user);
			}
		};
		// Arguments, not default properties: application.yml would override those.
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--slipway.data-dir=" + this.dataDir));
		Arrays.stream(properties).map(property -> "--" + property).forEach(arguments::add);
		return new SpringApplicationBuilder(ControlPlaneApplication.class).listeners(recorder)
			.run(arguments.toArray(String[]::new));
	}

	private static String storedHash(ConfigurableApplicationContext context) {
		return context.getBean(AppUserRepository.class).findByName("admin").orElseThrow().passwordHash();
	}

	private static WebTestClient client(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
			.responseTimeout(java.time.Duration.ofSeconds(30))
			.build();
	}

}
