package io.slipway.promotion;

import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * Someone checked or unchecked a checklist item. Audited as {@code promotion.checklist-recorded}.
 */
public record PromotionChecklistItemRecorded(String actor, long promotionId, String service, String item, boolean checked, String note) implements AuditableEvent {

	@Override
	public String action() {
		return "promotion.checklist-recorded";
	}

	@Override
	public String subject() {
		return "promotion/" + this.promotionId;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("service", this.service, "item", this.item, "checked", this.checked, "note", this.note);
	}

}
