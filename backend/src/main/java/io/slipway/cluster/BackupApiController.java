package io.slipway.cluster;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/backups}: the backup report with its evidence, the same one the promotion
 * gate and the weekly review judge by. Always 200: a cluster that cannot be read is an UNKNOWN
 * report saying why, not an error.
 */
@RestController
class BackupApiController {

	private final BackupFreshness backups;

	BackupApiController(BackupFreshness backups) {
		this.backups = backups;
	}

	@GetMapping("/api/v1/backups")
	Mono<BackupsView> listBackups() {
		return this.backups.check().map(BackupsView::of);
	}

	/**
	 * The report as JSON.
	 *
	 * @param freshness the worst of the backups: FRESH, LATE, FAILED or UNKNOWN
	 * @param message why, fit to show
	 * @param checkedAt when the cluster was read
	 * @param backups each backup found
	 */
	record BackupsView(String freshness, String message, Instant checkedAt, List<BackupView> backups) {

		static BackupsView of(BackupReport report) {
			return new BackupsView(report.freshness().name(), report.message(), report.checkedAt(),
					report.backups().stream().map(BackupView::of).toList());
		}

	}

	/**
	 * One backup as JSON.
	 *
	 * @param name the CronJob or Velero Schedule
	 * @param namespace where it lives
	 * @param kind {@code CronJob} or {@code VeleroSchedule}
	 * @param schedule its cron expression
	 * @param lastSuccess when it last succeeded
	 * @param lastFailure when its latest failed run ended
	 * @param nextExpected when its next run is scheduled
	 * @param grace lateness allowed beyond the interval (ISO-8601 duration)
	 * @param freshness FRESH, LATE, FAILED or UNKNOWN
	 * @param message the evidence
	 */
	record BackupView(String name, String namespace, String kind, @Nullable String schedule,
			@Nullable Instant lastSuccess, @Nullable Instant lastFailure, @Nullable Instant nextExpected, String grace,
			String freshness, String message) {

		static BackupView of(BackupReport.Backup backup) {
			String kind = switch (backup.kind()) {
				case CRON_JOB -> "CronJob";
				case VELERO_SCHEDULE -> "VeleroSchedule";
			};
			return new BackupView(backup.name(), backup.namespace(), kind, backup.schedule(), backup.lastSuccess(),
					backup.lastFailure(), backup.nextExpected(), backup.grace().toString(), backup.freshness().name(),
					backup.message());
		}

	}

}
