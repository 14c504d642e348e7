package io.slipway.gitops;

/**
 * The remote kept rejecting the push, typically because other writers moved the branch on every
 * attempt, or it refused the update for a reason a retry cannot fix (a protected branch, a
 * hook). Nothing of this commit reached the remote.
 */
public class PushRejectedException extends GitOpsException {

	private final int attempts;

	public PushRejectedException(String message, int attempts) {
		super(message);
		this.attempts = attempts;
	}

	/**
	 * How many pushes were tried before giving up.
	 */
	public int attempts() {
		return this.attempts;
	}

}
