package io.slipway.promotion;

/**
 * What running a step came to.
 */
sealed interface StepResult permits StepResult.Done, StepResult.Waiting, StepResult.Failed, StepResult.Errored {

	String message();

	/** The step is complete; the next one runs. */
	record Done(String message) implements StepResult {
	}

	/** Not yet: the step is looked at again later (next reconcile, or an action). */
	record Waiting(String message) implements StepResult {
	}

	/** The promotion fails for a business or verification reason. */
	record Failed(String message) implements StepResult {
	}

	/** The promotion errors for a technical reason. */
	record Errored(String message) implements StepResult {
	}

}
