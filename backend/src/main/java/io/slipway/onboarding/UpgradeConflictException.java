package io.slipway.onboarding;

/**
 * An upgrade cannot be proposed now: a change request (or a branch) for the same pack version is
 * already open, or the main branch changed under the upgrade. Nothing was written; callers answer
 * 409.
 */
public class UpgradeConflictException extends RuntimeException {

	public UpgradeConflictException(String message) {
		super(message);
	}

}
