package io.slipway.cluster;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.slipway.cluster.BackupReport.Backup;
import io.slipway.cluster.BackupReport.Freshness;
import org.jspecify.annotations.Nullable;

/**
 * Judges one backup against its schedule. The run that must have succeeded by now is the latest
 * scheduled run whose grace has passed (scheduled at or before now minus grace); a backup whose
 * last success is older than that run's scheduled time missed it: LATE. That is the schedule's
 * interval plus grace, measured on the schedule itself, so a weekday-only backup is not late on a
 * Sunday. A failed run with no success after it is FAILED, as is a backup that never succeeded
 * although a run was due; one whose first run is not due yet, or whose schedule cannot be read,
 * is UNKNOWN.
 */
final class FreshnessRule {

	private FreshnessRule() {
	}

	static Backup judge(ObservedBackup backup, Duration grace, Instant now) {
		String schedule = backup.schedule();
		if (schedule == null || schedule.isBlank()) {
			return backup(backup, null, grace, Freshness.UNKNOWN, "no schedule set");
		}
		CronSchedule cron;
		try {
			cron = CronSchedule.parse(schedule, zone(backup.timeZone()));
		}
		catch (IllegalArgumentException | DateTimeException ex) {
			return backup(backup, null, grace, Freshness.UNKNOWN, "cannot read the schedule: " + ex.getMessage());
		}
		Instant next = cron.next(now).orElse(null);
		Instant due = cron.previous(now.minus(grace)).orElse(null);
		if (due != null && backup.created() != null && due.isBefore(backup.created())) {
			// created after that run: nothing was due yet
			due = null;
		}
		String cadence = cron.intervalBefore(now).map((interval) -> "every " + readable(interval)).orElse(schedule)
				+ " + " + readable(grace) + " grace";
		Instant success = backup.lastSuccess();
		Instant failure = backup.lastFailure();
		Freshness freshness;
		String evidence;
		if (success == null && failure != null) {
			freshness = Freshness.FAILED;
			evidence = "never succeeded; last run failed " + ago(failure, now) + " (" + backup.failureReason() + ")";
		}
		else if (success == null && due == null) {
			freshness = Freshness.UNKNOWN;
			evidence = "no run due yet" + ((next != null) ? "; first run at " + next : "");
		}
		else if (success == null) {
			freshness = Freshness.FAILED;
			evidence = "never succeeded; a run was due at " + due + ", " + cadence;
		}
		else if (failure != null && failure.isAfter(success)) {
			freshness = Freshness.FAILED;
			evidence = "last run failed " + ago(failure, now) + " (" + backup.failureReason() + "); last success "
					+ ago(success, now);
		}
		else if (due != null && success.isBefore(due)) {
			freshness = Freshness.LATE;
			evidence = "last success " + ago(success, now) + ", " + cadence + ": the run due at " + due
					+ " has not succeeded";
		}
		else {
			freshness = Freshness.FRESH;
			evidence = "last success " + ago(success, now) + ", " + cadence;
		}
		List<String> remarks = new ArrayList<>();
		remarks.add(evidence);
		if (backup.paused()) {
			remarks.add((backup.kind() == BackupReport.Kind.CRON_JOB) ? "suspended" : "paused");
		}
		if (backup.runningSince() != null) {
			remarks.add("running since " + backup.runningSince());
		}
		return backup(backup, next, grace, freshness, String.join("; ", remarks));
	}

	/**
	 * The report over every backup: the worst freshness, and a message naming the backups that
	 * are not fresh.
	 */
	static BackupReport report(List<Backup> backups, List<String> notes, String noneFound, Instant checkedAt) {
		if (backups.isEmpty()) {
			return BackupReport.unknown(withNotes(noneFound, notes), checkedAt);
		}
		// a stable order, whatever order the API server listed them in
		backups = backups.stream()
			.sorted(Comparator.comparing(Backup::kind).thenComparing(Backup::namespace).thenComparing(Backup::name))
			.toList();
		Freshness worst = backups.stream()
			.map(Backup::freshness)
			.max(Comparator.naturalOrder())
			.orElse(Freshness.UNKNOWN);
		String message;
		if (worst == Freshness.FRESH) {
			message = (backups.size() == 1) ? "1 backup, fresh: " + backups.get(0).name() + " "
					+ backups.get(0).message() : backups.size() + " backups, all fresh";
		}
		else {
			message = String.join("; ", backups.stream()
				.filter((backup) -> backup.freshness() != Freshness.FRESH)
				.map((backup) -> backup.name() + " " + backup.freshness().name().toLowerCase(Locale.ROOT) + ": "
						+ backup.message())
				.toList());
		}
		return new BackupReport(worst, withNotes(message, notes), backups, checkedAt);
	}

	private static String withNotes(String message, List<String> notes) {
		return notes.isEmpty() ? message : message + "; " + String.join("; ", notes);
	}

	private static Backup backup(ObservedBackup backup, @Nullable Instant next, Duration grace, Freshness freshness,
			String message) {
		return new Backup(backup.kind(), backup.namespace(), backup.name(), backup.schedule(), backup.lastSuccess(),
				backup.lastFailure(), next, grace, freshness, message);
	}

	private static ZoneId zone(@Nullable String timeZone) {
		// the CronJob controller's own zone when the CronJob names none: UTC on every common install
		return (timeZone == null || timeZone.isBlank()) ? ZoneOffset.UTC : ZoneId.of(timeZone);
	}

	private static String ago(Instant then, Instant now) {
		Duration age = Duration.between(then, now);
		return age.isNegative() ? "at " + then : readable(age) + " ago (" + then + ")";
	}

	/** "45 min", "3 h", "26 h 30 min", "7 d": what a person reads in a gate message. */
	static String readable(Duration duration) {
		long minutes = duration.toMinutes();
		if (minutes < 1) {
			return duration.toSeconds() + " s";
		}
		if (minutes < 60) {
			return minutes + " min";
		}
		if (minutes < 48 * 60) {
			long hours = minutes / 60;
			long rest = minutes % 60;
			return hours + " h" + ((rest > 0) ? " " + rest + " min" : "");
		}
		long days = minutes / (24 * 60);
		long hours = (minutes % (24 * 60)) / 60;
		return days + " d" + ((hours > 0) ? " " + hours + " h" : "");
	}

}
