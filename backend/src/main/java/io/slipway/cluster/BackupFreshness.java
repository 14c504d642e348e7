package io.slipway.cluster;

import reactor.core.publisher.Mono;

/**
 * How fresh the backups in the cluster are: for each backup (a CronJob in the backup namespace,
 * a Velero {@code Schedule}), when it last succeeded, on what schedule, and whether that is
 * within the schedule plus the configured grace ({@code slipway.backup.grace}).
 * <p>
 * Promotions use this as a gate ("the last production database backup succeeded within its
 * schedule plus grace"), the weekly maintenance review as an item. Never fails: a cluster that
 * cannot be read is a report with {@link BackupReport.Freshness#UNKNOWN} and the reason, so no
 * caller can mistake "could not look" for "fine".
 */
public interface BackupFreshness {

	/**
	 * @return the current report; never an error signal
	 */
	Mono<BackupReport> check();

}
