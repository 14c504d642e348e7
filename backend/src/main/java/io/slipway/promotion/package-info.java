/**
 * Promotion: moves a release from one environment to the next by changing Git. A promotion
 * commits the target overlay's image tag on its own branch, opens a change request, waits for its
 * gates, checklist and approvals, merges, and follows Argo CD until the target runs the release
 * (Kargo's model: named steps, each persisted with status and timing, and documented phases).
 */
@ApplicationModule(displayName = "Promotion", allowedDependencies = { "platform", "gitops", "changerequest", "argocd",
		"alerting", "cluster", "security", "audit" })
@NullMarked
package io.slipway.promotion;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
