package io.slipway.forge.internal;

import io.slipway.forge.ForgeClient;
import io.slipway.forge.ForgeProperties;
import io.slipway.forge.Forges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The always-present {@link Forges}: a {@link ForgeClient} for the forge {@code slipway.forge.type}
 * names, none for {@code none}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ForgeProperties.class)
class ForgeConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ForgeConfiguration.class);

	// The client is made here rather than as a conditional bean: bean definitions are fixed when
	// the jar is built (Spring AOT), and slipway.forge.type is a run-time setting.
	@Bean
	Forges forges(ForgeProperties properties, ObjectProvider<WebClient.Builder> builders) {
		if (properties.type() == ForgeProperties.Type.NONE) {
			return new Forges(properties.type(), null);
		}
		log.info("Change requests open on {} in {} ({})", properties.type().displayName(), properties.repository(),
				properties.url());
		// Boot's builder carries its codecs and observations; plain WebClient when wired by hand
		ForgeClient client = ForgeClientFactory.create(properties, builders.getIfAvailable(WebClient::builder));
		return new Forges(properties.type(), client);
	}

}
