package io.slipway.forge.internal;

import io.slipway.forge.ForgeClient;
import io.slipway.forge.ForgeProperties;
import io.slipway.forge.Forges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A {@link ForgeClient} for the forge {@code slipway.forge.type} names, none for {@code none}, and
 * the always-present {@link Forges} that tells callers which case they are in.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ForgeProperties.class)
class ForgeConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ForgeConfiguration.class);

	@Bean
	@Conditional(ForgeConfiguredCondition.class)
	ForgeClient forgeClient(ForgeProperties properties, ObjectProvider<WebClient.Builder> builders) {
		log.info("Change requests open on {} in {} ({})", properties.type().displayName(), properties.repository(),
				properties.url());
		// Boot's builder carries its codecs and observations; plain WebClient when wired by hand
		return ForgeClientFactory.create(properties, builders.getIfAvailable(WebClient::builder));
	}

	@Bean
	Forges forges(ForgeProperties properties, ObjectProvider<ForgeClient> client) {
		return new Forges(properties.type(), client.getIfAvailable());
	}

}
