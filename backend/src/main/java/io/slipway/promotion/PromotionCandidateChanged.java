package io.slipway.promotion;

import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * The source now runs another release; earlier approvals no longer count. Audited as {@code promotion.candidate-changed}.
 */
public record PromotionCandidateChanged(String actor, long promotionId, String service, String previousTag, String imageTag) implements AuditableEvent {

	@Override
	public String action() {
		return "promotion.candidate-changed";
	}

	@Override
	public String subject() {
		return "promotion/" + this.promotionId;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("service", this.service, "previousTag", this.previousTag, "imageTag", this.imageTag);
	}

}
