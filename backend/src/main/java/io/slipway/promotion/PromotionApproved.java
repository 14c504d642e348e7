package io.slipway.promotion;

import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * An approver approved a promotion's candidate. Audited as {@code promotion.approved}.
 */
public record PromotionApproved(String actor, long promotionId, String service, String to, String imageTag, String comment) implements AuditableEvent {

	@Override
	public String action() {
		return "promotion.approved";
	}

	@Override
	public String subject() {
		return "promotion/" + this.promotionId;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("service", this.service, "to", this.to, "imageTag", this.imageTag, "comment", this.comment);
	}

}
