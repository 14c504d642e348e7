/**
 * Change requests: a branch of the infra repository proposed for merging into a target branch,
 * listed and followed in one place whether Slipway reviews it itself or a forge does. With no forge
 * ({@code slipway.forge.type=none}) Slipway keeps its own: approvals are of a commit, the author
 * never approves their own (when review is required), and merging goes through the GitOps module
 * (fast-forward or merge commit, never a conflicting merge). With a forge, a change request is the
 * forge's pull (merge) request: opened, followed, merged and closed through the forge module, which
 * owns the review.
 */
@ApplicationModule(displayName = "Change requests",
		allowedDependencies = { "gitops", "audit", "security", "forge" })
@NullMarked
package io.slipway.changerequest;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
