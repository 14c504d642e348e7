package io.slipway.onboarding;

import java.util.List;

/**
 * A spec was refused before anything was written: it breaks a validation rule or cannot be
 * rendered. Callers answer 400 with {@link #errors()}. Messages never quote refused values.
 */
public class OnboardingRejectedException extends RuntimeException {

	private final List<FieldError> errors;

	public OnboardingRejectedException(List<FieldError> errors) {
		super(summary(errors));
		this.errors = List.copyOf(errors);
	}

	/**
	 * Why, per field; at least one entry.
	 */
	public List<FieldError> errors() {
		return this.errors;
	}

	private static String summary(List<FieldError> errors) {
		StringBuilder summary = new StringBuilder("service spec refused:");
		errors.forEach((error) -> summary.append(' ')
			.append(error.field())
			.append(": ")
			.append(error.message())
			.append(';'));
		return summary.toString();
	}

}
