package io.slipway.promotion;

import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * An admin waived a gate with a reason. Audited as {@code promotion.gate-waived}.
 */
public record PromotionGateWaived(String actor, long promotionId, String service, String gate, String reason) implements AuditableEvent {

	@Override
	public String action() {
		return "promotion.gate-waived";
	}

	@Override
	public String subject() {
		return "promotion/" + this.promotionId;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("service", this.service, "gate", this.gate, "reason", this.reason);
	}

}
