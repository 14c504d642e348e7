package io.slipway.argocd.internal.webclient;

import java.time.Duration;

import io.slipway.argocd.ApplicationQuery;
import io.slipway.argocd.ArgoCdClient;
import io.slipway.argocd.ArgoCdException;
import io.slipway.argocd.ArgoCdProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client bean exists whether or not Argo CD is configured, so no caller needs a special case;
 * the settings bind from {@code slipway.argocd.*} with their documented defaults, and a setting
 * that cannot work stops the start naming its key.
 */
class ArgoCdClientConfigurationTests {

	private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzbGlwd2F5In0.c2lnbmF0dXJl";

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(ArgoCdClientConfiguration.class);

	@Test
	void failsEveryCallWithNotConfiguredWithoutAUrl() {
		this.context.run((context) -> {
			ArgoCdClient client = context.getBean(ArgoCdClient.class);

			StepVerifier.create(client.list(ApplicationQuery.all()))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ArgoCdException.NotConfigured.class)
					.hasMessageContaining("slipway.argocd.url"))
				.verify(Duration.ofSeconds(5));
			StepVerifier.create(client.watch(ApplicationQuery.all(), null, (at) -> {
			})).expectError(ArgoCdException.NotConfigured.class).verify(Duration.ofSeconds(5));
			assertThat(context.getBean(ArgoCdProperties.class).configured()).isFalse();
		});
	}

	@Test
	void bindsTheSettingsWithTheirDefaults() {
		this.context.withPropertyValues("slipway.argocd.url=https://argocd.example.com/", "slipway.argocd.token=" + TOKEN)
			.run((context) -> {
				ArgoCdProperties properties = context.getBean(ArgoCdProperties.class);
				assertThat(context.getBean(ArgoCdClient.class)).isInstanceOf(WebClientArgoCdClient.class);
				assertThat(properties.url()).isEqualTo("https://argocd.example.com");
				assertThat(properties.uiBaseUrl()).isEqualTo("https://argocd.example.com");
				assertThat(properties.insecure()).isFalse();
				assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(30));
				assertThat(properties.refreshTimeout()).isEqualTo(Duration.ofMinutes(2));
				assertThat(properties.streamIdleTimeout()).isEqualTo(Duration.ofSeconds(45));
				assertThat(properties.retryAttempts()).isEqualTo(3);
				assertThat(properties.retryBackoff()).isEqualTo(Duration.ofMillis(200));
				assertThat(properties.circuitOpenDuration()).isEqualTo(Duration.ofSeconds(30));
				assertThat(properties.maxResponseSize()).isEqualTo(DataSize.ofMegabytes(64));
			});
	}

	@Test
	void bindsASessionLoginAndTheOtherKeys() {
		this.context
			.withPropertyValues("slipway.argocd.url=http://argocd.argocd.svc", "slipway.argocd.username=slipway",
					"slipway.argocd.password=secret with spaces", "slipway.argocd.ui-url=https://argocd.example.com",
					"slipway.argocd.read-timeout=10s", "slipway.argocd.stream-idle-timeout=1m",
					"slipway.argocd.retry-attempts=1")
			.run((context) -> {
				ArgoCdProperties properties = context.getBean(ArgoCdProperties.class);
				assertThat(properties.sessionLogin()).isTrue();
				assertThat(properties.password()).isEqualTo("secret with spaces");
				assertThat(properties.uiBaseUrl()).isEqualTo("https://argocd.example.com");
				assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(10));
				assertThat(properties.streamIdleTimeout()).isEqualTo(Duration.ofMinutes(1));
				assertThat(properties.toString()).doesNotContain("secret").contains("password=****");
			});
	}

	@Test
	void stopsTheStartWhenCredentialsAreMissing() {
		this.context.withPropertyValues("slipway.argocd.url=https://argocd.example.com").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("slipway.argocd.token, or slipway.argocd.username and slipway.argocd.password");
		});
	}

	@Test
	void stopsTheStartForAUrlWithCredentialsInIt() {
		this.context.withPropertyValues("slipway.argocd.url=https://admin:hunter2@argocd.example.com",
				"slipway.argocd.token=" + TOKEN).run((context) -> {
					assertThat(context).hasFailed();
					assertThat(context.getStartupFailure()).rootCause()
						.hasMessageContaining("slipway.argocd.url must not hold credentials")
						.hasMessageNotContaining("hunter2");
				});
	}

	@Test
	void keepsTheTokenOutOfTheSettingsText() {
		ArgoCdProperties properties = ArgoCdProperties.withToken("https://argocd.example.com", TOKEN);

		assertThat(properties.toString()).doesNotContain(TOKEN).contains("token=****");
	}

}
