package io.slipway.promotion;

import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * The requester or an admin stopped a promotion before it merged. Audited as {@code promotion.aborted}.
 */
public record PromotionAborted(String actor, long promotionId, String service, String to, String imageTag) implements AuditableEvent {

	@Override
	public String action() {
		return "promotion.aborted";
	}

	@Override
	public String subject() {
		return "promotion/" + this.promotionId;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("service", this.service, "to", this.to, "imageTag", this.imageTag);
	}

}
