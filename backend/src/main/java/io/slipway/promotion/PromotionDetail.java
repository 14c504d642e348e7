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
	 * How a setting compares between the source and the target overlay.
	 */
	public enum Difference {

		/** Both set it, to different values. */
		CHANGED,

		/** Both set it to the same value. */
		UNCHANGED,

		/** Only the source sets it (e.g. an environment variable the target lacks). */
		ONLY_IN_SOURCE,

		/** Only the target sets it. */
		ONLY_IN_TARGET

	}

	/**
	 * One compared setting of the service's container, as the two overlays render it.
	 *
	 * @param key what ({@code image tag}, {@code replicas}, {@code env LOG_LEVEL},
	 * {@code config map payments-config: FEATURE_X}, {@code secret payments-db: password})
	 * @param source the source environment's value ({@code ""} when it does not set it); a secret
	 * shows only as {@code (secret)} or the secret's name, never its value
	 * @param target the target environment's value, likewise
	 * @param difference how the two compare
	 * @param promoted whether the promotion changes it: only the image tag; every other difference
	 * is informational and stays as the target's overlay sets it
	 */
	public record Comparison(String key, String source, String target, Difference difference, boolean promoted) {

		/** Whether the two environments differ in it. */
		public boolean changed() {
			return this.difference != Difference.UNCHANGED;
		}

		/** {@code CHANGED}, {@code UNCHANGED}, {@code ONLY_IN_SOURCE} or {@code ONLY_IN_TARGET}. */
		public String marker() {
			return this.difference.name();
		}

	}

}
