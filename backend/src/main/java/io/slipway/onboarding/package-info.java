/**
 * Onboarding: turns a service spec into a change request holding the service's Kustomize
 * overlays and Argo CD Applications, and helps fill the spec by detecting the service's language.
 */
@ApplicationModule(displayName = "Onboarding",
		allowedDependencies = { "gitops", "platform", "audit", "security", "changerequest", "forge",
				"templates" })
@NullMarked
package io.slipway.onboarding;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
