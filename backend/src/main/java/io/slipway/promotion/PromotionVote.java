package io.slipway.promotion;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An approval or a rejection of a promotion.
 *
 * @param voter who
 * @param decision approved or rejected
 * @param comment why
 * @param imageTag the candidate it was given to
 * @param at when
 * @param current whether it is for the promotion's current candidate (an approval of an earlier
 * candidate no longer counts)
 */
public record PromotionVote(String voter, Decision decision, @Nullable String comment, String imageTag, Instant at,
		boolean current) {

	/** What the voter decided. */
	public enum Decision {

		/** In favour. */
		APPROVED,

		/** Against: ends the promotion as Failed. */
		REJECTED

	}

}
