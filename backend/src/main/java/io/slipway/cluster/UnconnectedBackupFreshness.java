package io.slipway.cluster;

import java.time.Instant;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Stands in until the cluster reader exists: every report is UNKNOWN "cluster not connected",
 * so a gate built on it never passes by default.
 */
@Component
class UnconnectedBackupFreshness implements BackupFreshness {

	static final String NOT_CONNECTED = "cluster not connected";

	@Override
	public Mono<BackupReport> check() {
		return Mono.fromSupplier(() -> BackupReport.unknown(NOT_CONNECTED, Instant.now()));
	}

}
