package io.slipway.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.slipway.cluster.BackupReport.Backup;
import io.slipway.cluster.BackupReport.Freshness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backup freshness read from fabric8's mock API server (CRUD mode, real HTTP, the real client):
 * CronJobs with the Jobs they own, Velero schedules with their backups, and what a gate sees when
 * any of it is missing.
 */
@EnableKubernetesMockClient(crud = true)
class LiveBackupFreshnessTests {

	// Far ahead of the mock server's own clock, which stamps creationTimestamp with the real time.
	private static final Instant NOW = Instant.parse("2030-01-15T12:00:00Z");

	private static final Map<String, String> POSTGRES = Map.of("app", "postgres");

	KubernetesClient client;

	private ClusterFixtures cluster;

	@BeforeEach
	void fixtures() {
		this.cluster = new ClusterFixtures(this.client);
	}

	@Test
	void cronJobThatSucceededAfterItsLastScheduledRunIsFresh() {
		this.cluster.cronJob("postgres-backup-morning", "0 2 * * *", POSTGRES, "2030-01-15T02:09:30Z");

		BackupReport report = check(BackupProperties.defaults());

		assertThat(report.freshness()).isEqualTo(Freshness.FRESH);
		assertThat(report.checkedAt()).isEqualTo(NOW);
		assertThat(report.backups()).singleElement().satisfies((backup) -> {
			assertThat(backup.kind()).isEqualTo(BackupReport.Kind.CRON_JOB);
			assertThat(backup.namespace()).isEqualTo("database");
			assertThat(backup.name()).isEqualTo("postgres-backup-morning");
			assertThat(backup.schedule()).isEqualTo("0 2 * * *");
			assertThat(backup.lastSuccess()).isEqualTo(Instant.parse("2030-01-15T02:09:30Z"));
			assertThat(backup.nextExpected()).isEqualTo(Instant.parse("2030-01-16T02:00:00Z"));
			assertThat(backup.grace()).isEqualTo(Duration.ofHours(2));
			assertThat(backup.message()).isEqualTo("last success 9 h 50 min ago (2030-01-15T02:09:30Z), every 24 h + 2 h grace");
		});
		assertThat(report.message()).startsWith("1 backup, fresh: postgres-backup-morning last success 9 h 50 min ago");
	}

	@Test
	void successOfAJobTheCronJobOwnsCountsWithoutTheCronJobsStatus() {
		CronJob cronJob = this.cluster.cronJob("postgres-backup-morning", "0 2 * * *", POSTGRES, null);
		this.cluster.succeededJob(cronJob, "postgres-backup-morning-29471040", "2030-01-15T02:00:04Z",
				"2030-01-15T02:04:00Z");

		BackupReport report = check(BackupProperties.defaults());

		assertThat(report.freshness()).isEqualTo(Freshness.FRESH);
		assertThat(report.backups()).singleElement()
			.extracting(Backup::lastSuccess)
			.isEqualTo(Instant.parse("2030-01-15T02:04:00Z"));
	}

	@Test
	void noSuccessWithinTheIntervalPlusGraceIsLate() {
		this.cluster.cronJob("postgres-backup-morning", "0 2 * * *", POSTGRES, "2030-01-14T02:05:00Z");

		BackupReport report = check(BackupProperties.defaults());

		assertThat(report.freshness()).isEqualTo(Freshness.LATE);
		assertThat(report.message()).isEqualTo("postgres-backup-morning late: last success 33 h 55 min ago "
				+ "(2030-01-14T02:05:00Z), every 24 h + 2 h grace: the run due at 2030-01-15T02:00:00Z has not succeeded");
	}

	@Test
	void theRunStillWithinItsGraceIsNotLateYet() {
		this.cluster.cronJob("postgres-backup-noon", "0 11 * * *", POSTGRES, "2030-01-14T11:05:00Z");

		assertThat(check(BackupProperties.defaults()).freshness()).isEqualTo(Freshness.FRESH);
	}

	@Test
	void lastRunFailedWithoutALaterSuccessIsFailed() {
		CronJob cronJob = this.cluster.cronJob("postgres-backup-morning", "0 2 * * *", POSTGRES,
				"2030-01-14T02:05:00Z");
		this.cluster.failedJob(cronJob, "postgres-backup-morning-29471040", "2030-01-15T02:00:03Z",
				"2030-01-15T02:31:00Z");

		BackupReport report = check(BackupProperties.defaults());

		assertThat(report.freshness()).isEqualTo(Freshness.FAILED);
		assertThat(report.backups()).singleElement().satisfies((backup) -> {
			assertThat(backup.lastFailure()).isEqualTo(Instant.parse("2030-01-15T02:31:00Z"));
			assertThat(backup.message()).isEqualTo("last run failed 9 h 29 min ago (2030-01-15T02:31:00Z) "
					+ "(postgres-backup-morning-29471040: BackoffLimitExceeded (Job has reached the specified backoff limit)); "
					+ "last success 33 h 55 min ago (2030-01-14T02:05:00Z)");
		});
	}

	@Test
	void aFailureFollowedBySuccessIsFresh() {
		CronJob cronJob = this.cluster.cronJob("postgres-backup-morning", "0 2 * * *", POSTGRES,
				"2030-01-15T03:10:00Z");
		this.cluster.failedJob(cronJob, "postgres-backup-morning-29471040", "2030-01-15T02:00:03Z",
				"2030-01-15T02:31:00Z");

		BackupReport report = check(BackupProperties.defaults());

		assertThat(report.freshness()).isEqualTo(Freshness.FRESH);
		assertThat(report.backups().get(0).lastFailure()).isEqualTo(Instant.parse("2030-01-15T02:31:00Z"));
	}

	@Test
	void aBackupThatNeverSucceededIsFailed() {
		this.cluster.cronJob("postgres-backup-morning", "0 2 * * *", POSTGRES, null);

		BackupReport report = check(BackupProperties.defaults());

		assertThat(report.freshness()).isEqualTo(Freshness.FAILED);
		assertThat(report.backups()).singleElement().satisfies((backup) -> {
			assertThat(backup.lastSuccess()).isNull();
			assertThat(backup.message())
				.isEqualTo("never succeeded; a run was due at 2030-01-15T02:00:00Z, every 24 h + 2 h grace");
		});
	}

	@Test
	void theSelectorPicksWhichCronJobsAreBackups() {
		this.cluster.cronJob("postgres-backup-morning", "0 2 * * *", POSTGRES, "2030-01-15T02:05:00Z");
		this.cluster.cronJob("redis-cleanup-hourly", "0 * * * *", Map.of("app", "redis"), null);

		BackupReport all = check(BackupProperties.defaults());
		BackupReport postgres = check(BackupProperties.defaults().withSelector("app=postgres"));

		assertThat(all.backups()).extracting(Backup::name)
			.containsExactlyInAnyOrder("postgres-backup-morning", "redis-cleanup-hourly");
		assertThat(all.freshness()).isEqualTo(Freshness.FAILED);
		assertThat(all.message()).startsWith("redis-cleanup-hourly failed: never succeeded");
		assertThat(postgres.backups()).extracting(Backup::name).containsExactly("postgres-backup-morning");
		assertThat(postgres.freshness()).isEqualTo(Freshness.FRESH);
	}

	@Test
	void overallFreshnessIsTheWorstOfTheBackups() {
		this.cluster.cronJob("postgres-backup-morning", "0 2 * * *", POSTGRES, "2030-01-15T02:05:00Z");
		this.cluster.cronJob("postgres-backup-evening", "0 20 * * *", POSTGRES, "2030-01-13T20:05:00Z");

		BackupReport report = check(BackupProperties.defaults());

		assertThat(report.freshness()).isEqualTo(Freshness.LATE);
		assertThat(report.message()).startsWith("postgres-backup-evening late: ");
	}

	@Test
	void veleroSchedulesAreJudgedByTheBackupsTheyCreated() {
		this.cluster.installVelero();
		this.cluster.veleroSchedule("daily-cluster", "0 1 * * *");
		this.cluster.veleroBackup("daily-cluster", "daily-cluster-20300114010000", "Completed",
				"2030-01-14T01:00:00Z", "2030-01-14T01:12:00Z");
		this.cluster.veleroBackup("daily-cluster", "daily-cluster-20300115010000", "Completed",
				"2030-01-15T01:00:00Z", "2030-01-15T01:14:00Z");
		this.cluster.veleroSchedule("hourly-volumes", "@every 1h");
		this.cluster.veleroBackup("hourly-volumes", "hourly-volumes-20300115100000", "Completed",
				"2030-01-15T10:00:00Z", "2030-01-15T10:03:00Z");
		this.cluster.veleroBackup("hourly-volumes", "hourly-volumes-20300115110000", "PartiallyFailed",
				"2030-01-15T11:00:00Z", "2030-01-15T11:04:00Z");

		BackupReport report = check(BackupProperties.defaults());

		assertThat(report.backups()).extracting(Backup::kind).containsOnly(BackupReport.Kind.VELERO_SCHEDULE);
		assertThat(report.backups()).filteredOn((backup) -> backup.name().equals("daily-cluster"))
			.singleElement()
			.satisfies((backup) -> {
				assertThat(backup.namespace()).isEqualTo("velero");
				assertThat(backup.freshness()).isEqualTo(Freshness.FRESH);
				assertThat(backup.lastSuccess()).isEqualTo(Instant.parse("2030-01-15T01:14:00Z"));
			});
		assertThat(report.backups()).filteredOn((backup) -> backup.name().equals("hourly-volumes"))
			.singleElement()
			.satisfies((backup) -> {
				assertThat(backup.freshness()).isEqualTo(Freshness.FAILED);
				assertThat(backup.lastFailure()).isEqualTo(Instant.parse("2030-01-15T11:04:00Z"));
				assertThat(backup.message()).contains("hourly-volumes-20300115110000: PartiallyFailed");
			});
		assertThat(report.freshness()).isEqualTo(Freshness.FAILED);
	}

	@Test
	void noBackupFoundIsUnknownNeverFresh() {
		this.cluster.cronJob("postgres-backup-morning", "0 2 * * *", POSTGRES, "2030-01-15T02:05:00Z");

		BackupReport report = check(BackupProperties.defaults().withSelector("app=mysql"));

		assertThat(report.freshness()).isEqualTo(Freshness.UNKNOWN);
		assertThat(report.backups()).isEmpty();
		assertThat(report.message()).isEqualTo("no backup CronJobs in database matching app=mysql");
		assertThat(check(new BackupProperties("backups", null, Duration.ofHours(2), "velero", Duration.ZERO))
			.message()).isEqualTo("no backup CronJobs in backups matching any labels");
	}

	@Test
	void withoutKubernetesAccessTheReportIsUnknownWithTheReason() {
		KubernetesClientProvider none = () -> {
			throw new KubernetesAccessMissing(DiscoveringKubernetesClientProvider.NOT_CONFIGURED);
		};

		StepVerifier.create(new LiveBackupFreshness(none, BackupProperties.defaults(), fixed()).check())
			.assertNext((report) -> {
				assertThat(report.freshness()).isEqualTo(Freshness.UNKNOWN);
				assertThat(report.message()).isEqualTo("cluster not connected: Kubernetes access not configured: "
						+ "no in-cluster service account, KUBECONFIG or ~/.kube/config found");
			})
			.verifyComplete();
	}

	@Test
	void aReportIsReusedUntilItsTimeToLiveRunsOut() {
		this.cluster.cronJob("postgres-backup-morning", "0 2 * * *", POSTGRES, "2030-01-15T02:05:00Z");
		ClusterFixtures.MovableClock clock = new ClusterFixtures.MovableClock(NOW);
		LiveBackupFreshness backups = new LiveBackupFreshness(() -> this.client, BackupProperties.defaults(), clock);

		BackupReport first = backups.check().block();
		this.client.batch().v1().cronjobs().inNamespace("database").withName("postgres-backup-morning").delete();
		BackupReport cached = backups.check().block();
		clock.advance(Duration.ofSeconds(30));
		BackupReport fresh = backups.check().block();

		assertThat(first.freshness()).isEqualTo(Freshness.FRESH);
		assertThat(cached).isSameAs(first);
		assertThat(fresh.freshness()).isEqualTo(Freshness.UNKNOWN);
		assertThat(fresh.checkedAt()).isEqualTo(NOW.plusSeconds(30));
	}

	private BackupReport check(BackupProperties settings) {
		BackupReport[] report = new BackupReport[1];
		StepVerifier.create(new LiveBackupFreshness(() -> this.client, settings, fixed()).check())
			.consumeNextWith((next) -> report[0] = next)
			.verifyComplete();
		return report[0];
	}

	private static Clock fixed() {
		return Clock.fixed(NOW, ZoneOffset.UTC);
	}

}
