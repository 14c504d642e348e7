package io.slipway.onboarding;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What onboarding a service wrote: the body of {@code 201} to {@code POST /api/v1/services}.
 *
 * @param name the service
 * @param branch where the commit went: {@code feat/<name>}, or the main branch in direct mode
 * @param commit the commit holding the service's files
 * @param changeRequest the change request proposing the branch, or {@code null} in direct mode
 * @param files the paths written, in the template pack's order
 */
public record OnboardingResult(String name, String branch, String commit, @Nullable ChangeRequestRef changeRequest,
		List<String> files) {

	public OnboardingResult {
		files = List.copyOf(files);
	}

}
