package io.slipway.promotion;

import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * An approver rejected a promotion; it ended as Failed. Audited as {@code promotion.rejected}.
 */
public record PromotionRejected(String actor, long promotionId, String service, String to, String imageTag, String reason) implements AuditableEvent {

	@Override
	public String action() {
		return "promotion.rejected";
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
