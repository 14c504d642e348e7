/**
 * Argo CD: the client Slipway reads application state through and asks to refresh, sync and
 * roll back, and the live cache of every application that pages read.
 */
@ApplicationModule(displayName = "Argo CD", allowedDependencies = {})
@NullMarked
package io.slipway.argocd;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
