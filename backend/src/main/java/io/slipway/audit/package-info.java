/**
 * Audit: an append-only, hash-chained log of every write action. It consumes events that implement {@link io.slipway.audit.AuditableEvent}; no module calls it directly.
 */
@ApplicationModule(displayName = "Audit", allowedDependencies = {})
@NullMarked
package io.slipway.audit;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
