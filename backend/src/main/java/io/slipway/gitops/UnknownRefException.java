package io.slipway.gitops;

/**
 * A branch or commit id is not in the infra repository, even after fetching.
 */
public class UnknownRefException extends GitOpsException {

	public UnknownRefException(String message) {
		super(message);
	}

}
