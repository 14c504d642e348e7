package io.slipway.cluster;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the cluster holds about one backup, before it is judged against its schedule.
 *
 * @param kind CronJob or Velero Schedule
 * @param namespace where it lives
 * @param name its name
 * @param schedule its cron expression
 * @param timeZone the zone its schedule runs in ({@code spec.timeZone}), {@code null} for UTC
 * @param created when the object was created
 * @param lastSuccess the latest successful run's completion
 * @param lastFailure the latest failed run's end
 * @param failureReason why that run failed, when the cluster says
 * @param paused whether the schedule is suspended (CronJob) or paused (Velero)
 * @param runningSince when the run in progress started, {@code null} when none runs
 */
record ObservedBackup(BackupReport.Kind kind, String namespace, String name, @Nullable String schedule,
		@Nullable String timeZone, @Nullable Instant created, @Nullable Instant lastSuccess,
		@Nullable Instant lastFailure, @Nullable String failureReason, boolean paused, @Nullable Instant runningSince) {
}
