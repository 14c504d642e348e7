package io.slipway.onboarding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.slipway.platform.Environments;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validator Spring builds follows configuration: the environments of
 * {@code slipway.environment-order}, and the packs and trusted registries under
 * {@code slipway.onboarding}.
 */
class SpecValidationConfigurationTests {

	// The order as application.yml sets it.
	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withPropertyValues("slipway.environment-order=staging,production")
		.withUserConfiguration(Wiring.class);

	@Test
	void defaultsAcceptTheContractExampleFromAnyRegistry() throws IOException {
		String example = contractExample().replace("ghcr.io/acme/payments", "quay.io/acme/payments");

		this.runner.run(context -> {
			ServiceSpecReader reader = context.getBean(ServiceSpecReader.class);
			ServiceSpecValidator validator = context.getBean(ServiceSpecValidator.class);

			assertThat(validator.validate(reader.read(example))).isEmpty();
			assertThat(validator.validate(reader.read(example.replace("\"goapps\"", "\"packages\"")))).isEmpty();
			assertThat(validator.validate(reader.read(example.replace("\"goapps\"", "\"helm\""))))
				.extracting(FieldError::field)
				.containsExactly("templatePack");
		});
	}

	@Test
	void configuredEnvironmentsPacksAndRegistriesApply() throws IOException {
		String example = contractExample().replace("\"staging\"", "\"dev\"")
			.replace("\"production\"", "\"prod\"")
			.replace("\"goapps\"", "\"inhouse\"");

		this.runner
			.withPropertyValues("slipway.environment-order=dev,prod",
					"slipway.onboarding.trusted-registries=ghcr.io/acme, registry.example.com",
					"slipway.onboarding.template-packs=goapps,inhouse")
			.run(context -> {
				ServiceSpecReader reader = context.getBean(ServiceSpecReader.class);
				ServiceSpecValidator validator = context.getBean(ServiceSpecValidator.class);

				assertThat(validator.validate(reader.read(example))).isEmpty();
				assertThat(validator.validate(reader.read(example.replace("ghcr.io/acme", "registry.example.com/x"))))
					.isEmpty();
				assertThat(validator.validate(reader.read(example.replace("ghcr.io/acme", "quay.io/acme"))))
					.singleElement()
					.satisfies(error -> assertThat(error.message()).contains("to run in prod (ghcr.io/acme, registry.example.com)"));
				assertThat(validator.validate(reader.read(example.replace("\"1.4.0\"", "\"latest\""))))
					.extracting(FieldError::field)
					.containsExactly("environments.prod.imageTag");
			});
	}

	private static String contractExample() throws IOException {
		try (InputStream in = SpecValidationConfigurationTests.class
			.getResourceAsStream("/onboarding/good-specs/01-contract-example.json")) {
			assertThat(in).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConfigurationPropertiesScan(basePackageClasses = { Environments.class, ServiceSpecValidationConfiguration.class })
	@Import({ Environments.class, ServiceSpecValidationConfiguration.class })
	static class Wiring {

	}

}
