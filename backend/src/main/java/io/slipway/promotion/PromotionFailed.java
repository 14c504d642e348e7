package io.slipway.promotion;

import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * A promotion ended for a business or verification reason. Audited as {@code promotion.failed}.
 */
public record PromotionFailed(String actor, long promotionId, String service, String to, String imageTag, String reason) implements AuditableEvent {

	@Override
	public String action() {
		return "promotion.failed";
	}

	@Override
	public String subject() {
		return "promotion/" + this.promotionId;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("service", this.service, "to", this.to, "imageTag", this.imageTag, "reason", this.reason);
	}

}
