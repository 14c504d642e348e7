package io.slipway.promotion;

import reactor.core.publisher.Mono;

/**
 * One kind of promotion step (Kargo's StepRunner): runs against the promotion as it is recorded
 * now and says whether it is done, waits, failed or errored. Steps must be safe to run again
 * after a restart: each first checks whether its work is already done.
 */
interface PromotionStepRunner {

	/** The step kind this runner handles. */
	PromotionStepKind kind();

	/**
	 * @param promotion the promotion, freshly read
	 * @return the outcome; an error signal counts as {@link StepResult.Errored} with its message
	 */
	Mono<StepResult> run(PromotionRepository.Row promotion);

}
