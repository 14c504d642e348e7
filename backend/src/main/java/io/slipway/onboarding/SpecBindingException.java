package io.slipway.onboarding;

import java.util.List;

/**
 * The request body could not be read as a {@link ServiceSpec}: it is not JSON, has a field the
 * spec does not know, a value of the wrong type, a required field missing or a key given twice.
 * Every problem found is listed, so one round trip reports them all. Callers answer 400 with
 * {@link #errors()}.
 */
public class SpecBindingException extends RuntimeException {

	private final List<FieldError> errors;

	public SpecBindingException(List<FieldError> errors) {
		super(summary(errors));
		this.errors = List.copyOf(errors);
	}

	/** What is wrong, at least one entry, in the order found in the body. */
	public List<FieldError> errors() {
		return this.errors;
	}

	private static String summary(List<FieldError> errors) {
		StringBuilder summary = new StringBuilder("service spec refused:");
		errors.forEach(
				error -> summary.append(' ').append(error.field()).append(": ").append(error.message()).append(';'));
		return summary.toString();
	}

}
