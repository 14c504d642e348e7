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
	 * One backup job and what its runs show.
	 *
	 * @param kind what kind of object it is
	 * @param namespace where it runs
	 * @param name the CronJob or Velero Schedule
	 * @param schedule its cron expression, {@code null} when unknown
	 * @param lastSuccess when it last succeeded, {@code null} when never
	 * @param lastFailure when its latest failed run ended, {@code null} when none is known
	 * @param nextExpected when its next run is scheduled, {@code null} when the schedule cannot be
	 * read
	 * @param grace lateness allowed beyond the schedule's interval
	 * @param freshness how that compares with the schedule
	 * @param message the evidence in words ("last success 3 h ago, every 24 h + 2 h grace")
	 */
	public record Backup(Kind kind, String namespace, String name, @Nullable String schedule,
			@Nullable Instant lastSuccess, @Nullable Instant lastFailure, @Nullable Instant nextExpected,
			Duration grace, Freshness freshness, String message) {

		/**
		 * A CronJob backup known only by its last success.
		 * @param namespace where it runs
		 * @param name the CronJob
		 * @param schedule its cron expression
		 * @param lastSuccess when it last succeeded
		 * @param grace lateness allowed
		 * @param freshness the verdict
		 * @param message the evidence
		 */
		public Backup(String namespace, String name, @Nullable String schedule, @Nullable Instant lastSuccess,
				Duration grace, Freshness freshness, String message) {
			this(Kind.CRON_JOB, namespace, name, schedule, lastSuccess, null, null, grace, freshness, message);
		}

	}

	/**
	 * Where a backup is defined.
	 */
	public enum Kind {

		/** A Kubernetes {@code batch/v1} CronJob; its runs are the Jobs it owns. */
		CRON_JOB,

		/** A Velero {@code velero.io/v1} Schedule; its runs are the Velero Backups it created. */
		VELERO_SCHEDULE

	}

	/**
	 * Freshness, worst last: the report's overall freshness is the worst of its backups'.
	 */
	public enum Freshness {

		/** Succeeded within its schedule's interval plus grace. */
		FRESH,

		/** Its last success is older than its interval plus grace: a run was missed. */
		LATE,

		/** It has never succeeded, or its last run failed and none succeeded since. */
		FAILED,

		/**
		 * The cluster could not be read, there is no backup to judge, or its schedule cannot be
		 * read: never taken as fine.
		 */
		UNKNOWN

	}

}
