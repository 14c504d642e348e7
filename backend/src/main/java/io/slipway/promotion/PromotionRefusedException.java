package io.slipway.promotion;

/**
 * A promotion request or action was refused as things stand (409): the source is not healthy at
 * the candidate, the service is on hold, the release is quarantined, a freeze window is active,
 * another promotion is open, or the promotion is no longer in a phase that allows the action. The
 * message says which, fit to show.
 */
public class PromotionRefusedException extends RuntimeException {

	private final Reason reason;

	public PromotionRefusedException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	/** Why, as a stable code for scripts. */
	public Reason reason() {
		return this.reason;
	}

	/** Refusal codes. */
	public enum Reason {

		/** The source is not Synced and Healthy at the candidate, or Argo CD cannot tell. */
		SOURCE_NOT_READY,

		/** The service is on hold. */
		ON_HOLD,

		/** The candidate release is quarantined. */
		QUARANTINED,

		/** A freeze window is in force for the target. */
		FROZEN,

		/** Another promotion of the service to the environment is open. */
		ALREADY_OPEN,

		/** The target already declares the candidate. */
		NOTHING_TO_PROMOTE,

		/** The promotion's phase does not allow the action. */
		NOT_ALLOWED_NOW

	}

}
