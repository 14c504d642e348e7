package io.slipway.promotion;

import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * A promotion's change request was merged into the main branch. Audited as {@code promotion.merged}.
 */
public record PromotionMerged(String actor, long promotionId, String service, String to, String imageTag, String mergeCommit, String gates) implements AuditableEvent {

	@Override
	public String action() {
		return "promotion.merged";
	}

	@Override
	public String subject() {
		return "promotion/" + this.promotionId;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("service", this.service, "to", this.to, "imageTag", this.imageTag, "mergeCommit", this.mergeCommit, "gates", this.gates);
	}

}
