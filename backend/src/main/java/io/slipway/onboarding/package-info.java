/**
 * Onboarding: turns a service spec (the form or {@code POST /api/v1/services}) into the
 * Kustomize overlays and Argo CD Applications of a new service, validated before anything is
 * written, and proposes them as a change request (Slipway's own, or a forge's pull request).
 * Helps fill the spec by detecting the service's language, and re-renders services behind their
 * template pack's current version in one change request.
 */
@ApplicationModule(displayName = "Onboarding",
		allowedDependencies = { "gitops", "platform", "audit", "security", "changerequest", "forge",
				"templates" })
@NullMarked
package io.slipway.onboarding;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
