package io.slipway.promotion;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One step of a promotion as recorded.
 *
 * @param kind which step
 * @param status its state
 * @param message what it did or waits for
 * @param startedAt when it started, {@code null} before
 * @param finishedAt when it ended, {@code null} before
 */
public record PromotionStep(PromotionStepKind kind, StepStatus status, @Nullable String message,
		@Nullable Instant startedAt, @Nullable Instant finishedAt) {

	/**
	 * How long it took, or has taken so far; {@code null} before it started.
	 */
	public @Nullable Duration duration(Instant now) {
		if (this.startedAt == null) {
			return null;
		}
		return Duration.between(this.startedAt, (this.finishedAt != null) ? this.finishedAt : now);
	}

}
