package io.slipway.cluster;

import java.time.Instant;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Stands in until the cluster reader exists: reports "not connected" instead of guessing what the
 * cluster runs.
 */
@Component
class UnconfiguredClusterConnection implements ClusterConnection {

	static final String NOT_CONFIGURED = "Kubernetes access not configured";

	@Override
	public Mono<ClusterConnectionStatus> status() {
		return Mono.fromSupplier(() -> ClusterConnectionStatus.notConnected(NOT_CONFIGURED, Instant.now()));
	}

}
