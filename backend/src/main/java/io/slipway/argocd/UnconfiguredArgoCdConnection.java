package io.slipway.argocd;

import java.time.Instant;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Stands in until the Argo CD client exists: reports "not connected" with the setting that will
 * connect it, rather than pretending to know application state.
 */
@Component
class UnconfiguredArgoCdConnection implements ArgoCdConnection {

	static final String NOT_CONFIGURED = "Argo CD client not configured: set slipway.argocd.url";

	@Override
	public Mono<ArgoCdConnectionStatus> status() {
		return Mono.fromSupplier(() -> ArgoCdConnectionStatus.notConnected(NOT_CONFIGURED, Instant.now()));
	}

}
