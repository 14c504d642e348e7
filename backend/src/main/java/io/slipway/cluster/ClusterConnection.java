package io.slipway.cluster;

import reactor.core.publisher.Mono;

/**
 * Whether Slipway can read the Kubernetes cluster right now. Cluster-backed views (backups, PVC
 * usage, utilization) show this instead of failing when there is no access.
 * <p>
 * The answer never fails: missing or broken access is a status, not an error.
 */
public interface ClusterConnection {

	/**
	 * The current connection status.
	 * @return one status; never an error signal
	 */
	Mono<ClusterConnectionStatus> status();

}
