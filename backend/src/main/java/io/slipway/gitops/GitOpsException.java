package io.slipway.gitops;

import org.jspecify.annotations.Nullable;

/**
 * A failure reading or writing the infra repository. Messages name the repository (without
 * credentials) and what went wrong, so they can be shown to an operator as they are; they never
 * carry a token or password.
 */
public class GitOpsException extends RuntimeException {

	public GitOpsException(String message) {
		super(message);
	}

	public GitOpsException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
