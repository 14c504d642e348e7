package io.slipway.argocd.internal.webclient;

import java.io.File;
import java.util.Locale;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.slipway.argocd.ArgoCdProperties;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import reactor.netty.http.client.HttpClient;

/**
 * The HTTP transport to Argo CD: connect and read timeouts, gzip (Argo CD compresses answers when
 * asked, never the event stream), and TLS trusting the JVM's CAs, the CAs of {@code ca-file}, or,
 * with {@code insecure}, anything.
 */
final class ArgoCdConnector {

	private ArgoCdConnector() {
	}

	static ClientHttpConnector create(ArgoCdProperties properties, String url) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(properties.connectTimeout().toMillis()))
			.responseTimeout(properties.readTimeout())
			.compress(true);
		if (url.toLowerCase(Locale.ROOT).startsWith("https:")) {
			SslContext context = sslContext(properties);
			if (properties.insecure()) {
				// replacing reactor-netty's configurator also drops its host name check, which is the point
				http = http.secure((spec) -> spec.sslContext(context).handlerConfigurator((handler) -> {
					SSLEngine engine = handler.engine();
					SSLParameters parameters = engine.getSSLParameters();
					parameters.setEndpointIdentificationAlgorithm(null);
					engine.setSSLParameters(parameters);
				}));
			}
			else {
				http = http.secure((spec) -> spec.sslContext(context));
			}
		}
		return new ReactorClientHttpConnector(http);
	}

	private static SslContext sslContext(ArgoCdProperties properties) {
		SslContextBuilder builder = SslContextBuilder.forClient();
		if (properties.insecure()) {
			return build(builder.trustManager(InsecureTrustManagerFactory.INSTANCE), properties);
		}
		if (properties.caFile() == null) {
			return build(builder, properties);
		}
		try {
			return build(builder.trustManager(new File(properties.caFile())), properties);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("slipway.argocd.ca-file " + properties.caFile()
					+ " does not hold PEM certificates: " + ex.getMessage(), ex);
		}
	}

	private static SslContext build(SslContextBuilder builder, ArgoCdProperties properties) {
		try {
			return builder.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException("cannot set up TLS to " + properties.url() + ": " + ex.getMessage(), ex);
		}
	}

}
