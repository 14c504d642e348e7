package io.slipway.argocd;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the live cache follows Argo CD ({@code slipway.argocd.*}, next to the client's
 * {@link ArgoCdProperties}, whose {@code url} and {@code stream-idle-timeout} the cache uses too).
 *
 * @param pollInterval how often to list while the stream keeps failing
 * @param reconnectDelay the first delay before reconnecting; it doubles per consecutive failure
 * @param maxReconnectDelay the longest delay between reconnects
 * @param streamFailuresBeforePolling consecutive stream failures after which the cache polls
 * @param streamStableAfter a stream open this long without failing counts as working again
 * @param versionRefreshInterval how often the connection status asks Argo CD for its version
 */
@ConfigurationProperties("slipway.argocd")
record LiveCacheProperties(@Nullable Duration pollInterval, @Nullable Duration reconnectDelay,
		@Nullable Duration maxReconnectDelay, @Nullable Integer streamFailuresBeforePolling,
		@Nullable Duration streamStableAfter,
		@Nullable Duration versionRefreshInterval) {

	LiveCacheProperties {
		pollInterval = positive(pollInterval, Duration.ofSeconds(10), "poll-interval");
		reconnectDelay = positive(reconnectDelay, Duration.ofSeconds(1), "reconnect-delay");
		maxReconnectDelay = positive(maxReconnectDelay, Duration.ofSeconds(30), "max-reconnect-delay");
		if (maxReconnectDelay.compareTo(reconnectDelay) < 0) {
			maxReconnectDelay = reconnectDelay;
		}
		streamFailuresBeforePolling = (streamFailuresBeforePolling != null) ? Math.max(1, streamFailuresBeforePolling)
				: 3;
		streamStableAfter = positive(streamStableAfter, Duration.ofSeconds(10), "stream-stable-after");
		versionRefreshInterval = positive(versionRefreshInterval, Duration.ofMinutes(5), "version-refresh-interval");
	}

	static LiveCacheProperties defaults() {
		return new LiveCacheProperties(null, null, null, null, null, null);
	}

	private static Duration positive(@Nullable Duration value, Duration fallback, String key) {
		if (value == null) {
			return fallback;
		}
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("slipway.argocd." + key + " must be positive, was " + value);
		}
		return value;
	}

}
