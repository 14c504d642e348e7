package io.slipway.cluster;

/**
 * The API server answered a read with an error, or did not answer. The message says what was
 * read where and why it failed ("forbidden: ... needs list on cronjobs.batch in namespace
 * database"); it never holds a credential.
 */
class ClusterReadException extends RuntimeException {

	private final int code;

	ClusterReadException(String message, int code, Throwable cause) {
		super(message, cause);
		this.code = code;
	}

	/** The HTTP status the API server answered, 0 when it did not answer. */
	int code() {
		return this.code;
	}

}
