package io.slipway.cluster;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Slipway reaches the Kubernetes API ({@code slipway.cluster.*}). Where the cluster is and how
 * to authenticate come from fabric8's usual discovery (in-cluster service account,
 * {@code KUBECONFIG}, {@code ~/.kube/config}); these settings only switch access off and bound
 * how long a call may take.
 *
 * @param enabled whether to look for Kubernetes access at all; {@code false} keeps every
 * cluster-backed view "not connected"
 * @param requestTimeout how long one API request may take
 * @param connectTimeout how long opening a connection to the API server may take
 * @param refreshInterval how often the connection status (the server's {@code /version}) is read
 * again in the background
 */
@ConfigurationProperties("slipway.cluster")
record ClusterProperties(@DefaultValue("true") boolean enabled, @DefaultValue("10s") Duration requestTimeout,
		@DefaultValue("5s") Duration connectTimeout, @DefaultValue("1m") Duration refreshInterval) {

	ClusterProperties {
		positive("request-timeout", requestTimeout);
		positive("connect-timeout", connectTimeout);
		positive("refresh-interval", refreshInterval);
	}

	static ClusterProperties defaults() {
		return new ClusterProperties(true, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofMinutes(1));
	}

	private static void positive(String key, Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("slipway.cluster." + key + " must be positive, was " + duration);
		}
	}

}
