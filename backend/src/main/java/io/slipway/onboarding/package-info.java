/**
 * Onboarding: turns a service spec (the form or {@code POST /api/v1/services}) into the
 * Kustomize overlays and Argo CD Applications of a new service, validated before anything is
 * written, and proposes them as a change request.
 */
// TODO(issue 3): allow "changerequest" once that module exists; Modulith refuses unknown names.
@ApplicationModule(displayName = "Onboarding", allowedDependencies = { "gitops", "platform", "audit", "security" })
@NullMarked
package io.slipway.onboarding;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
