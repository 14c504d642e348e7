package io.slipway.onboarding;

import io.slipway.templates.TemplatePacks;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The template packs onboarding renders, loaded once at start so a broken pack stops Slipway from
 * starting rather than failing the first developer who onboards a service.
 */
@Configuration(proxyBeanMethods = false)
class OnboardingConfiguration {

	@Bean
	TemplatePacks templatePacks() {
		return TemplatePacks.builtIn();
	}

}
