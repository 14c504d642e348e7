/**
 * Onboarding: turns a service spec (the form or {@code POST /api/v1/services}) into the
 * Kustomize overlays and Argo CD Applications of a new service, validated before anything is
 * written, proposes them as a change request, and helps fill the spec by detecting the service's
 * language.
 */
// TODO(issue 3): allow "changerequest" and "forge" once those modules are on main; Modulith refuses unknown names.
@ApplicationModule(displayName = "Onboarding", allowedDependencies = { "gitops", "platform", "audit", "security" })
@NullMarked
package io.slipway.onboarding;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
