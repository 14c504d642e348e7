package io.slipway.promotion;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code slipway.notifications.*}.
 *
 * @param webhookUrl a Slack-compatible incoming webhook; none means no notifications
 * @param timeout how long one notification may take
 */
@ConfigurationProperties("slipway.notifications")
record NotificationProperties(@Nullable URI webhookUrl, @DefaultValue("PT5S") Duration timeout) {
}
