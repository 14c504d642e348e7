package io.slipway.promotion;

/**
 * The state of one gate. Only {@link #PASSED} lets a promotion merge.
 */
public enum GateStatus {

	/** The check holds, with evidence. */
	PASSED,

	/** The check does not hold (e.g. a critical alert is firing). */
	FAILED,

	/** Not yet: it will hold with time (soak time left, the source still syncing). */
	PENDING,

	/** Slipway cannot tell: the source of truth is not connected or did not answer. Never passes. */
	UNKNOWN

}
