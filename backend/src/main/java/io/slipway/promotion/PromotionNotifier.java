package io.slipway.promotion;

import java.net.URI;
import java.util.Map;

import io.slipway.platform.PublicLinks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Tells a chat channel about promotions: a Slack-compatible JSON message ({@code {"text": ...}})
 * to {@code slipway.notifications.webhook-url} when a promotion is requested, approved, rejected,
 * merged, succeeded or failed. Sent in the background; a webhook that fails is logged and never
 * fails or delays the promotion.
 */
@Component
class PromotionNotifier {

	private static final Logger logger = LoggerFactory.getLogger(PromotionNotifier.class);

	private final NotificationProperties properties;

	private final WebClient web;

	private final PublicLinks links;

	PromotionNotifier(NotificationProperties properties, WebClient.Builder builder, PublicLinks links) {
		this.properties = properties;
		this.web = builder.clone().build();
		this.links = links;
	}

	@EventListener
	void on(PromotionRequested event) {
		send(event.promotionId(), ":rocket: " + event.actor() + " requested promotion #" + event.promotionId() + ": "
				+ event.service() + " " + event.imageTag() + " from " + event.from() + " to " + event.to());
	}

	@EventListener
	void on(PromotionApproved event) {
		send(event.promotionId(), ":white_check_mark: " + event.actor() + " approved promotion #" + event.promotionId()
				+ " (" + event.service() + " " + event.imageTag() + " to " + event.to() + ")");
	}

	@EventListener
	void on(PromotionRejected event) {
		send(event.promotionId(), ":no_entry: " + event.actor() + " rejected promotion #" + event.promotionId() + " ("
				+ event.service() + " " + event.imageTag() + " to " + event.to() + "): " + event.reason());
	}

	@EventListener
	void on(PromotionMerged event) {
		send(event.promotionId(), ":twisted_rightwards_arrows: promotion #" + event.promotionId() + " merged: "
				+ event.service() + " " + event.imageTag() + " to " + event.to() + "; Argo CD syncs it now");
	}

	@EventListener
	void on(PromotionSucceeded event) {
		send(event.promotionId(), ":tada: promotion #" + event.promotionId() + " succeeded: " + event.service() + " "
				+ event.imageTag() + " is Synced and Healthy in " + event.to());
	}

	@EventListener
	void on(PromotionFailed event) {
		send(event.promotionId(), ":x: promotion #" + event.promotionId() + " failed (" + event.service() + " "
				+ event.imageTag() + " to " + event.to() + "): " + event.reason());
	}

	private void send(long id, String text) {
		URI url = this.properties.webhookUrl();
		if (url == null) {
			return;
		}
		this.web.post()
			.uri(url)
			.contentType(MediaType.APPLICATION_JSON)
			// a link only when Slipway's public address is known: a bare path means nothing in a chat
			.bodyValue(Map.of("text", this.links.absolute("/promotions/" + id)
				.map((link) -> text + " <" + link + "|#" + id + ">")
				.orElse(text)))
			.retrieve()
			.toBodilessEntity()
			.timeout(this.properties.timeout())
			.subscribe(null, (ex) -> logger.warn("Could not notify {} about promotion #{}: {}", url.getHost(), id,
					ex.getMessage()));
	}

}
