package io.slipway.gitops;

import org.jspecify.annotations.Nullable;

/**
 * The remote refused the configured credentials (or wanted some and none were configured).
 * Retrying does not help; an operator has to fix {@code slipway.git.username} and
 * {@code slipway.git.token}. Nothing was written.
 */
public class AuthenticationFailedException extends GitOpsException {

	public AuthenticationFailedException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
