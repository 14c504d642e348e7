/**
 * GitOps: the infra repository adapter. Reads files at a ref, compares refs, commits sets of file changes and merges branches without a working tree, pushing with retry on a moved remote. A leaf: depends on no domain module.
 */
@ApplicationModule(displayName = "GitOps repository", allowedDependencies = { "audit" })
@NullMarked
package io.slipway.gitops;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
