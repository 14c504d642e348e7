package io.slipway.alerting;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code slipway.alertmanager.*}.
 *
 * @param url Alertmanager's base URL ({@code http://alertmanager.monitoring:9093}); none means
 * alerts are unknown
 * @param timeout how long one request may take
 * @param serviceLabel the alert label that names the service ({@code service})
 * @param criticalSeverity the {@code severity} label value that blocks promotions
 */
@ConfigurationProperties("slipway.alertmanager")
record AlertmanagerProperties(@Nullable URI url, @DefaultValue("PT5S") Duration timeout,
		@DefaultValue("service") String serviceLabel, @DefaultValue("critical") String criticalSeverity) {
}
