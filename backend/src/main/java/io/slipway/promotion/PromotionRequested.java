package io.slipway.promotion;

import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * A promotion was requested. Audited as {@code promotion.requested}.
 */
public record PromotionRequested(String actor, long promotionId, String service, String from, String to, String imageTag) implements AuditableEvent {

	@Override
	public String action() {
		return "promotion.requested";
	}

	@Override
	public String subject() {
		return "promotion/" + this.promotionId;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("service", this.service, "from", this.from, "to", this.to, "imageTag", this.imageTag);
	}

}
