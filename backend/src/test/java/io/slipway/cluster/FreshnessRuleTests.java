package io.slipway.cluster;

import java.time.Duration;
import java.time.Instant;

import io.slipway.cluster.BackupReport.Backup;
import io.slipway.cluster.BackupReport.Freshness;
import io.slipway.cluster.BackupReport.Kind;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verdicts the mock server cannot stage: a CronJob too new to have run, a weekday schedule
 * over the weekend, a schedule that cannot be read, a suspended one.
 */
class FreshnessRuleTests {

	private static final Duration GRACE = Duration.ofHours(2);

	@Test
	void aBackupWhoseFirstRunIsNotDueYetIsUnknownNotFailed() {
		Backup backup = FreshnessRule.judge(observed("0 2 * * *", Instant.parse("2026-11-23T09:00:00Z"), null, false),
				GRACE, Instant.parse("2026-11-23T12:00:00Z"));

		assertThat(backup.freshness()).isEqualTo(Freshness.UNKNOWN);
		assertThat(backup.message()).isEqualTo("no run due yet; first run at 2026-11-24T02:00:00Z");
	}

	@Test
	void aWeekdayBackupIsNotLateOnSunday() {
		// Friday's run succeeded; Saturday and Sunday have none scheduled
		Backup sunday = FreshnessRule.judge(observed("0 2 * * 1-5", null, Instant.parse("2026-11-20T02:07:00Z"), false),
				GRACE, Instant.parse("2026-11-22T20:00:00Z"));
		Backup monday = FreshnessRule.judge(observed("0 2 * * 1-5", null, Instant.parse("2026-11-20T02:07:00Z"), false),
				GRACE, Instant.parse("2026-11-23T04:00:00Z"));

		assertThat(sunday.freshness()).isEqualTo(Freshness.FRESH);
		assertThat(monday.freshness()).isEqualTo(Freshness.LATE);
		assertThat(monday.message()).endsWith("the run due at 2026-11-23T02:00:00Z has not succeeded");
	}

	@Test
	void aScheduleThatCannotBeReadIsUnknownSayingWhy() {
		Backup backup = FreshnessRule.judge(observed("0 25 * * *", null, Instant.parse("2026-11-23T01:00:00Z"), false),
				GRACE, Instant.parse("2026-11-23T12:00:00Z"));

		assertThat(backup.freshness()).isEqualTo(Freshness.UNKNOWN);
		assertThat(backup.message())
			.isEqualTo("cannot read the schedule: schedule '0 25 * * *': hour field '25' has values outside 0-23");
	}

	@Test
	void aSuspendedCronJobSaysSoAndTurnsLateLikeAnyOther() {
		Backup backup = FreshnessRule.judge(observed("0 2 * * *", null, Instant.parse("2026-11-20T02:05:00Z"), true),
				GRACE, Instant.parse("2026-11-23T12:00:00Z"));

		assertThat(backup.freshness()).isEqualTo(Freshness.LATE);
		assertThat(backup.message()).endsWith("; suspended");
	}

	@Test
	void theReportNamesOnlyTheBackupsThatAreNotFresh() {
		Backup fresh = new Backup("database", "postgres-backup-morning", "0 2 * * *",
				Instant.parse("2026-11-23T02:05:00Z"), GRACE, Freshness.FRESH, "last success 10 h ago");
		Backup late = new Backup("database", "redis-backup-nightly", "0 0 * * *", null, GRACE, Freshness.LATE,
				"last success 3 d ago");
		Instant now = Instant.parse("2026-11-23T12:00:00Z");

		BackupReport mixed = FreshnessRule.report(java.util.List.of(late, fresh), java.util.List.of(), "none", now);
		BackupReport allFresh = FreshnessRule.report(java.util.List.of(fresh, fresh), java.util.List.of(), "none", now);

		assertThat(mixed.freshness()).isEqualTo(Freshness.LATE);
		assertThat(mixed.message()).isEqualTo("redis-backup-nightly late: last success 3 d ago");
		assertThat(mixed.backups()).extracting(Backup::name)
			.containsExactly("postgres-backup-morning", "redis-backup-nightly");
		assertThat(allFresh.message()).isEqualTo("2 backups, all fresh");
	}

	private static ObservedBackup observed(String schedule, @Nullable Instant created, @Nullable Instant lastSuccess,
			boolean suspended) {
		return new ObservedBackup(Kind.CRON_JOB, "database", "postgres-backup-morning", schedule, null, created,
				lastSuccess, null, null, suspended, null);
	}

}
