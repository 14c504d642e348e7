/**
 * Catalog: every service in every environment, as Git declares it and as Argo CD reports it. Owns
 * {@code /services} (a live matrix of service × environment), {@code /services/{name}} (health,
 * sync, last operation, history and resources per environment, with Refresh and Sync) and
 * {@code GET /api/v1/services}. Reads Git from Slipway's local copy and Argo CD from the in-memory
 * cache, so no page waits on either; only the actions and the details a page loads lazily call
 * Argo CD.
 */
@ApplicationModule(displayName = "Catalog",
		allowedDependencies = { "gitops", "platform", "argocd", "security", "audit", "onboarding" })
@NullMarked
package io.slipway.catalog;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
