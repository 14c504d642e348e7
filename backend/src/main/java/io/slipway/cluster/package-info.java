/**
 * Cluster: read-only access to Kubernetes through fabric8. The connection status the overview
 * shows, and backup freshness (backup CronJobs and Velero schedules against their schedules) for
 * the promotion gate, the weekly maintenance review and {@code GET /api/v1/backups}. Without
 * Kubernetes access every answer is "not connected", never an error.
 */
@ApplicationModule(displayName = "Cluster", allowedDependencies = {})
@NullMarked
package io.slipway.cluster;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
