/**
 * Cluster: read-mostly access to Kubernetes through fabric8. Not connected until the cluster reader lands.
 */
@ApplicationModule(displayName = "Cluster", allowedDependencies = {})
@NullMarked
package io.slipway.cluster;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
