package io.slipway.gitops;

import org.jspecify.annotations.Nullable;

/**
 * The remote could not be reached or did not answer within {@code slipway.git.timeout}. Nothing
 * was written; the operation can be retried once the remote is back.
 */
public class RemoteUnavailableException extends GitOpsException {

	public RemoteUnavailableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
