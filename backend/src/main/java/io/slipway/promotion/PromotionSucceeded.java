package io.slipway.promotion;

import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * Argo CD reported the target Synced and Healthy at the merge. Audited as {@code promotion.succeeded}.
 */
public record PromotionSucceeded(String actor, long promotionId, String service, String to, String imageTag, String revision) implements AuditableEvent {

	@Override
	public String action() {
		return "promotion.succeeded";
	}

	@Override
	public String subject() {
		return "promotion/" + this.promotionId;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("service", this.service, "to", this.to, "imageTag", this.imageTag, "revision", this.revision);
	}

}
