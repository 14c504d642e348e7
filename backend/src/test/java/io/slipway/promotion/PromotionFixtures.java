package io.slipway.promotion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

import io.slipway.cluster.BackupFreshness;
import io.slipway.cluster.BackupReport;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import reactor.core.publisher.Mono;

/**
 * The surroundings most promotion tests give Slipway alike, so that each test shows only what it
 * varies: backups that are fresh and an Alertmanager with nothing firing, the state in which the
 * backup and alert gates pass.
 */
final class PromotionFixtures {

	static final String FRESH_BACKUP_EVIDENCE = "postgres-backup succeeded 3h ago, every 24h + 2h grace";

	private PromotionFixtures() {
	}

	/** Backups as the cluster reports them after last night's successful run. */
	static BackupFreshness freshBackups() {
		return () -> Mono.just(new BackupReport(BackupReport.Freshness.FRESH, FRESH_BACKUP_EVIDENCE, List.of(),
				Instant.now()));
	}

	/** A started Alertmanager whose API v2 answers that no alert is firing; close it after the tests. */
	static MockWebServer quietAlertmanager() {
		MockWebServer alertmanager = new MockWebServer();
		alertmanager.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return new MockResponse.Builder().code(200)
					.setHeader("Content-Type", "application/json")
					.body("[]")
					.build();
			}
		});
		try {
			alertmanager.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return alertmanager;
	}

}
