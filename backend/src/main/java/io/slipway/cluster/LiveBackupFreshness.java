package io.slipway.cluster;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.slipway.cluster.BackupReport.Backup;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Backup freshness read from the cluster: the CronJobs in {@code slipway.backup.namespace}
 * matching {@code slipway.backup.selector} with the Jobs they own, and Velero Schedules with their
 * Backups when Velero is installed. A report is reused for {@code slipway.backup.cache-ttl}, and
 * callers asking while one is read share that read, so a page of promotions lists CronJobs once.
 * Reads run on the bounded-elastic scheduler; anything that goes wrong becomes an UNKNOWN report
 * that says what.
 */
@Component
class LiveBackupFreshness implements BackupFreshness {

	static final String NOT_CONNECTED = "cluster not connected";

	private final KubernetesClientProvider clients;

	private final BackupProperties settings;

	private final Clock clock;

	private @Nullable Cached cached;

	@Autowired
	LiveBackupFreshness(KubernetesClientProvider clients, BackupProperties settings, ObjectProvider<Clock> clock) {
		this(clients, settings, clock.getIfUnique(Clock::systemUTC));
	}

	LiveBackupFreshness(KubernetesClientProvider clients, BackupProperties settings, Clock clock) {
		this.clients = clients;
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	public Mono<BackupReport> check() {
		return Mono.defer(this::current);
	}

	private synchronized Mono<BackupReport> current() {
		Instant now = this.clock.instant();
		Cached reuse = this.cached;
		if (reuse != null && now.isBefore(reuse.until())) {
			return reuse.report();
		}
		Mono<BackupReport> report = Mono.fromCallable(this::read)
			.subscribeOn(Schedulers.boundedElastic())
			.onErrorResume((ex) -> Mono.just(BackupReport.unknown("error reading backups in namespace "
					+ this.settings.namespace() + ": " + ex.getMessage(), this.clock.instant())))
			.cache();
		this.cached = new Cached(report, now.plus(this.settings.cacheTtl()));
		return report;
	}

	private BackupReport read() {
		Instant now = this.clock.instant();
		Fabric8ClusterReader.Found found;
		try {
			found = new Fabric8ClusterReader(this.clients).backups(this.settings);
		}
		catch (KubernetesAccessMissing ex) {
			return BackupReport.unknown(NOT_CONNECTED + ": " + ex.getMessage(), now);
		}
		catch (ClusterReadException ex) {
			return BackupReport.unknown(ex.getMessage(), now);
		}
		List<Backup> backups = found.backups()
			.stream()
			.map((backup) -> FreshnessRule.judge(backup, this.settings.grace(), now))
			.toList();
		String none = "no backup CronJobs in " + this.settings.namespace() + " matching "
				+ this.settings.selectorDescription();
		return FreshnessRule.report(backups, found.notes(), none, now);
	}

	private record Cached(Mono<BackupReport> report, Instant until) {
	}

}
