/**
 * Forge: opens and follows pull requests (GitHub, Gitea) and merge requests (GitLab) through the
 * hosts' REST APIs, so a change request can live where the team already reviews code. Chosen by
 * {@code slipway.forge.type}; with {@code none} there is no {@link io.slipway.forge.ForgeClient}
 * and Slipway keeps its own change requests. Ask {@link io.slipway.forge.Forges} whether a forge
 * is configured. An adapter leaf: depends on no domain module.
 */
@ApplicationModule(displayName = "Forge", allowedDependencies = {})
@NullMarked
package io.slipway.forge;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
