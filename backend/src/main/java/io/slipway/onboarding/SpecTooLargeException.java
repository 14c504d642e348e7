package io.slipway.onboarding;

/**
 * The spec is larger than {@link ServiceSpecReader#MAX_BYTES}; callers answer 413. A spec that
 * big is not a service description but a mistake or an attack, and reading it would only cost
 * memory.
 */
public class SpecTooLargeException extends RuntimeException {

	private final long size;

	public SpecTooLargeException(long size) {
		super("service spec of " + size + " bytes exceeds the limit of " + ServiceSpecReader.MAX_BYTES + " bytes");
		this.size = size;
	}

	/** Size of the refused body in bytes. */
	public long size() {
		return this.size;
	}

}
