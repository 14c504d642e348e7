package io.slipway.promotion;

/**
 * The state of one step of a promotion.
 */
public enum StepStatus {

	/** Not started. */
	PENDING,

	/** Started; waiting or working. */
	RUNNING,

	/** Done. */
	SUCCEEDED,

	/** Ended the promotion for a business or verification reason. */
	FAILED,

	/** Ended the promotion for a technical reason. */
	ERRORED,

	/** Never ran: the promotion ended before it. */
	SKIPPED

}
