/**
 * Argo CD: the client Slipway reads application state through. Not connected until the Argo CD client lands.
 */
@ApplicationModule(displayName = "Argo CD", allowedDependencies = {})
@NullMarked
package io.slipway.argocd;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
