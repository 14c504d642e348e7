package io.slipway.onboarding;

import java.util.List;

/**
 * The service cannot be onboarded because it exists already: on the main branch (a folder under
 * {@code services/} or {@code packages/}), in an open change request, or as a left-over
 * {@code feat/<name>} branch. Callers answer 409; nothing was written.
 */
public class ServiceExistsException extends OnboardingRejectedException {

	public ServiceExistsException(FieldError error) {
		super(List.of(error));
	}

}
