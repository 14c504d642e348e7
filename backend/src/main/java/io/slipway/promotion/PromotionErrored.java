package io.slipway.promotion;

import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * A promotion ended for a technical reason. Audited as {@code promotion.errored}.
 */
public record PromotionErrored(String actor, long promotionId, String service, String to, String imageTag, String cause) implements AuditableEvent {

	@Override
	public String action() {
		return "promotion.errored";
	}

	@Override
	public String subject() {
		return "promotion/" + this.promotionId;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("service", this.service, "to", this.to, "imageTag", this.imageTag, "cause", this.cause);
	}

}
