/**
 * The JGit implementation behind {@link io.slipway.gitops.GitOpsRepository}: the cache clone,
 * in-memory commits, pushes with a lease, and the translation of transport failures.
 */
@NullMarked
package io.slipway.gitops.internal;

import org.jspecify.annotations.NullMarked;
