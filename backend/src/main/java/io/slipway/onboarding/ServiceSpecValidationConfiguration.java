package io.slipway.onboarding;

import java.util.LinkedHashSet;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.slipway.platform.Environment;
import io.slipway.platform.Environments;

/**
 * Wires the spec reader and validator with the configured environments, template packs and
 * trusted registries. Both stay plain classes so their rules are tested without Spring.
 */
@Configuration(proxyBeanMethods = false)
class ServiceSpecValidationConfiguration {

	@Bean
	ServiceSpecReader serviceSpecReader() {
		return new ServiceSpecReader();
	}

	@Bean
	ServiceSpecValidator serviceSpecValidator(Environments environments, ServiceSpecValidationProperties properties) {
		return new ServiceSpecValidator(environments.all().stream().map(Environment::name).toList(),
				new LinkedHashSet<>(properties.templatePacks()), properties.trustedRegistries());
	}

}
