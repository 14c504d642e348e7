/**
 * Change requests: Slipway's own review of infra-repository branches when no forge is configured
 * ({@code slipway.forge.type=none}). A change request proposes merging a branch into a target
 * branch; approvals are of a commit, the author never approves their own (when review is
 * required), and merging goes through the GitOps module (fast-forward or merge commit, never a
 * conflicting merge).
 */
@ApplicationModule(displayName = "Change requests", allowedDependencies = { "gitops", "audit", "security" })
@NullMarked
package io.slipway.changerequest;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
