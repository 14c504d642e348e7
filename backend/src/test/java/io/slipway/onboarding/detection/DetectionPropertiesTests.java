package io.slipway.onboarding.detection;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code slipway.onboarding.detection.*} binds with safe defaults, and a scheme outside file, http
 * and https stops the start with a message naming the key.
 */
class DetectionPropertiesTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(DetectionConfiguration.class);

	@Test
	void defaultsBoundTimeAndSizeAndAcceptAnyHost() {
		this.context.run((context) -> {
			assertThat(context).hasSingleBean(LanguageDetector.class);
			DetectionProperties properties = context.getBean(DetectionProperties.class);
			assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(15));
			assertThat(properties.maxFetchSize()).isEqualTo(DataSize.ofMegabytes(50));
			assertThat(properties.allowedSchemes()).containsExactly("file", "http", "https");
			assertThat(properties.allowedHosts()).isEmpty();
			assertThat(properties.tempDir()).isNull();
		});
	}

	@Test
	void bindsEveryKey() {
		this.context
			.withPropertyValues("slipway.onboarding.detection.timeout=5s",
					"slipway.onboarding.detection.max-fetch-size=10MB",
					"slipway.onboarding.detection.allowed-schemes=https",
					"slipway.onboarding.detection.allowed-hosts=github.com,*.corp.example",
					"slipway.onboarding.detection.temp-dir=/var/tmp/slipway")
			.run((context) -> {
				DetectionProperties properties = context.getBean(DetectionProperties.class);
				assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.maxFetchSize()).isEqualTo(DataSize.ofMegabytes(10));
				assertThat(properties.allowedSchemes()).containsExactly("https");
				assertThat(properties.allowedHosts()).containsExactly("github.com", "*.corp.example");
				assertThat(properties.tempDir()).hasToString("/var/tmp/slipway");
			});
	}

	@Test
	void refusesSchemesItCannotReadSafely() {
		this.context.withPropertyValues("slipway.onboarding.detection.allowed-schemes=https,ssh")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("allowed-schemes may only hold file, http and https, was ssh"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(DetectionProperties.class)
	@Import(LanguageDetector.class)
	static class DetectionConfiguration {

	}

}
