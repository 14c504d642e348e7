package io.slipway.promotion;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A promotion with what is evaluated on read: its gates as they stand now, the diff the
 * promotion commits, and the source-versus-target comparison.
 *
 * @param promotion the record
 * @param gates every gate, evaluated at {@code evaluatedAt}
 * @param evaluatedAt when the gates were evaluated
 * @param diff the unified diff of the promotion branch against the main branch ({@code ""} before
 * the commit)
 * @param comparison source against target, key by key
 * @param changeRequestPath the change request's page, {@code null} before it is opened
 */
public record PromotionDetail(Promotion promotion, List<Gate> gates, Instant evaluatedAt, String diff,
		List<Comparison> comparison, @Nullable String changeRequestPath) {

	public PromotionDetail {
		gates = List.copyOf(gates);
		comparison = List.copyOf(comparison);
	}

	/** Whether every gate passes. */
	public boolean gatesHold() {
		return this.gates.stream().allMatch(Gate::holds);
	}

	/**
	 * One compared setting.
	 *
	 * @param key what ({@code image tag}, {@code replicas})
	 * @param source the source environment's value
	 * @param target the target environment's value
	 * @param changed whether the promotion changes it ({@code CHANGED}) or not ({@code UNCHANGED})
	 */
	public record Comparison(String key, String source, String target, boolean changed) {

		/** {@code CHANGED} or {@code UNCHANGED}. */
		public String marker() {
			return this.changed ? "CHANGED" : "UNCHANGED";
		}

	}

}
