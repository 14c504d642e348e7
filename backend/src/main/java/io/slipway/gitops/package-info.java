/**
 * GitOps: the infra repository adapter. Reads files at a ref and commits sets of file changes without a working tree, pushing with retry on a moved remote. A leaf: depends on no domain module.
 */
@ApplicationModule(displayName = "GitOps repository", allowedDependencies = { "audit" })
@NullMarked
package io.slipway.gitops;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
