/**
 * Web: the page shell, the overview, navigation and error handling. Holds no feature controllers.
 */
@ApplicationModule(displayName = "Web", allowedDependencies = { "gitops", "platform", "argocd", "cluster", "security" })
@NullMarked
package io.slipway.web;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
