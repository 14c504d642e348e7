package io.slipway.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What {@link BackupFreshness#check()} found.
 *
 * @param freshness the worst freshness among the backups; {@link Freshness#UNKNOWN} when the
 * cluster could not be read or holds no backup
 * @param message why, fit to show ("cluster not connected", "2 backups, all fresh")
 * @param backups each backup found, empty when none could be read
 * @param checkedAt when this was determined
 */
public record BackupReport(Freshness freshness, String message, List<Backup> backups, Instant checkedAt) {

	public BackupReport {
		backups = List.copyOf(backups);
	}

	/**
	 * A report that could not look at the cluster.
	 * @param message why
	 * @param checkedAt when
	 * @return an {@link Freshness#UNKNOWN} report without backups
	 */
	public static BackupReport unknown(String message, Instant checkedAt) {
		return new BackupReport(Freshness.UNKNOWN, message, List.of(), checkedAt);
	}

	/**
	 * One backup job and its last success.
	 *
	 * @param namespace where it runs
	 * @param name the CronJob or Velero Schedule
	 * @param schedule its cron expression, {@code null} when unknown
	 * @param lastSuccess when it last succeeded, {@code null} when never
	 * @param grace lateness allowed beyond the schedule's interval
	 * @param freshness how that compares with the schedule
	 * @param message the evidence in words ("last success 3 h ago, every 24 h + 2 h grace")
	 */
	public record Backup(String namespace, String name, @Nullable String schedule, @Nullable Instant lastSuccess,
			Duration grace, Freshness freshness, String message) {
	}

	/**
	 * Freshness, worst last.
	 */
	public enum Freshness {

		/** Succeeded within its schedule's interval plus grace. */
		FRESH,

		/** Its last success is older than its interval plus grace: a run was missed. */
		LATE,

		/** It has never succeeded, or its last run failed. */
		FAILED,

		/** The cluster could not be read, or there is no backup to judge. */
		UNKNOWN

	}

}
