/**
 * Platform: the ordered environments with their namespaces and Argo CD projects, and the default layout the infra repository is seeded with on first start.
 */
@ApplicationModule(displayName = "Platform", allowedDependencies = { "gitops", "audit" })
@NullMarked
package io.slipway.platform;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
