package io.slipway.argocd.internal.webclient;

import io.slipway.argocd.ArgoCdClient;
import io.slipway.argocd.ArgoCdProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The {@link ArgoCdClient} bean, always present: connected to {@code slipway.argocd.url}, or, with
 * no URL, one whose calls fail with {@link io.slipway.argocd.ArgoCdException.NotConfigured}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ArgoCdProperties.class)
class ArgoCdClientConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ArgoCdClientConfiguration.class);

	@Bean
	ArgoCdClient argoCdClient(ArgoCdProperties properties, ObjectProvider<WebClient.Builder> builders) {
		if (!properties.configured()) {
			log.info("Argo CD is not configured (slipway.argocd.url): application state stays unknown");
			return new NotConfiguredArgoCdClient();
		}
		log.info("Argo CD at {} ({})", properties.url(),
				properties.sessionLogin() ? "session login as " + properties.username() : "bearer token");
		// Boot's builder carries its codecs and observations; plain WebClient when wired by hand
		return new WebClientArgoCdClient(properties, builders.getIfAvailable(WebClient::builder));
	}

}
