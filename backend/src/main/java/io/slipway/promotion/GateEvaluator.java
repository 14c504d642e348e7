package io.slipway.promotion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.slipway.alerting.AlertCheck;
import io.slipway.alerting.AlertmanagerSettings;
import io.slipway.alerting.FiringAlerts;
import io.slipway.argocd.Application;
import io.slipway.argocd.RevisionHistory;
import io.slipway.cluster.BackupFreshness;
import io.slipway.cluster.BackupReport;
import io.slipway.gitops.CommitSummary;
import io.slipway.platform.DeclaredService;
import io.slipway.platform.Environment;
import io.slipway.platform.EnvironmentRelease;
import io.slipway.platform.Environments;
import io.slipway.platform.ServiceReleases;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Evaluates a promotion's gates now, each with its evidence: the source Synced and Healthy at the
 * candidate; soaked long enough in the source (from Argo CD's history {@code deployedAt}); no
 * firing critical alerts for the service; fresh backups (into the last environment only: the
 * production database); the target Healthy or waived by an admin. A source that cannot be asked
 * gives UNKNOWN, which never lets a promotion merge.
 */
@Component
class GateEvaluator {

	private final ArgoCdAccess argoCd;

	private final ServiceReleases releases;

	private final Environments environments;

	private final FiringAlerts alerts;

	private final AlertmanagerSettings alertSettings;

	private final BackupFreshness backups;

	private final Clock clock;

	GateEvaluator(ArgoCdAccess argoCd, ServiceReleases releases, Environments environments, FiringAlerts alerts,
			AlertmanagerSettings alertSettings, BackupFreshness backups, ObjectProvider<Clock> clock) {
		this.argoCd = argoCd;
		this.releases = releases;
		this.environments = environments;
		this.alerts = alerts;
		this.alertSettings = alertSettings;
		this.backups = backups;
		this.clock = clock.getIfUnique(Clock::systemUTC);
	}

	/** What the gates need to know about a promotion. */
	record Subject(String service, String from, String to, String imageTag, @Nullable String revision,
			@Nullable String healthWaivedBy, @Nullable String healthWaiverReason) {

		static Subject of(PromotionRepository.Row row) {
			return new Subject(row.service(), row.source(), row.target(), row.imageTag(), row.sourceRevision(),
					row.healthWaivedBy(), row.healthWaiverReason());
		}

	}

	Mono<List<Gate>> evaluate(Subject subject) {
		Environment from = this.environments.find(subject.from()).orElseThrow();
		Environment to = this.environments.find(subject.to()).orElseThrow();
		boolean last = this.environments.all().get(this.environments.all().size() - 1).name().equals(to.name());
		Mono<Optional<DeclaredService>> declared = this.releases.findWithoutHistory(subject.service())
			.onErrorResume((ex) -> Mono.just(Optional.empty()));
		Map<String, String> labels = new LinkedHashMap<>();
		labels.put(this.alertSettings.serviceLabel(), subject.service());
		labels.put("severity", this.alertSettings.criticalSeverity());
		Mono<Gate> alertGate = this.alerts.matching(labels).map(GateEvaluator::alertGate);
		Mono<Optional<Gate>> backupGate = last ? this.backups.check().map((report) -> Optional.of(backupGate(report)))
				: Mono.just(Optional.empty());
		return Mono.zip(declared, alertGate, backupGate).map((read) -> {
			Instant now = this.clock.instant();
			Optional<EnvironmentRelease> sourceRelease = read.getT1().flatMap((service) -> service.release(from.name()));
			List<Gate> gates = new ArrayList<>();
			gates.add(sourceGate(subject, from, sourceRelease));
			gates.add(soakGate(subject, from, to, sourceRelease, now));
			gates.add(read.getT2());
			read.getT3().ifPresent(gates::add);
			gates.add(targetGate(subject, to));
			return gates;
		});
	}

	private Gate sourceGate(Subject subject, Environment from, Optional<EnvironmentRelease> release) {
		String declaredTag = release.map(EnvironmentRelease::imageTag).orElse(null);
		if (declaredTag != null && !declaredTag.equals(subject.imageTag())) {
			return gate(Gate.SOURCE_HEALTHY, GateStatus.FAILED, from.name() + " now declares " + declaredTag
					+ " in Git; the candidate is " + subject.imageTag());
		}
		Optional<Application> app = application(from.applicationName(subject.service()));
		if (app.isEmpty()) {
			return missing(Gate.SOURCE_HEALTHY, from.applicationName(subject.service()));
		}
		return sourceVerdict(app.get(), from, subject.imageTag());
	}

	/** Whether a source application runs the candidate, Synced and Healthy; shared with the request. */
	static Gate sourceVerdict(Application app, Environment from, String imageTag) {
		String sync = app.syncStatus();
		String health = app.healthStatus();
		String revision = revision(app);
		List<String> images = (app.status() != null && app.status().summary() != null) ? app.status().summary().images()
				: List.of();
		if (!images.isEmpty() && images.stream().noneMatch((image) -> image.endsWith(":" + imageTag))) {
			return gate(Gate.SOURCE_HEALTHY, GateStatus.FAILED,
					from.name() + " runs " + String.join(", ", images) + ", not " + imageTag);
		}
		String where = from.name() + " is " + sync + " and " + health + " at " + imageTag
				+ ((revision != null) ? " (" + abbreviate(revision) + ")" : "");
		if ("Synced".equals(sync) && "Healthy".equals(health)) {
			return gate(Gate.SOURCE_HEALTHY, GateStatus.PASSED, where);
		}
		if ("Progressing".equals(health) || "OutOfSync".equals(sync) || app.isBusy()) {
			return gate(Gate.SOURCE_HEALTHY, GateStatus.PENDING, where);
		}
		return gate(Gate.SOURCE_HEALTHY, GateStatus.FAILED, where + healthMessage(app));
	}

	private Gate soakGate(Subject subject, Environment from, Environment to, Optional<EnvironmentRelease> release,
			Instant now) {
		Duration required = to.soak();
		if (required.isZero()) {
			return gate(Gate.SOAK, GateStatus.PASSED, "no soak time required before " + to.name());
		}
		Optional<Application> app = application(from.applicationName(subject.service()));
		if (app.isEmpty()) {
			return missing(Gate.SOAK, from.applicationName(subject.service()));
		}
		Set<String> revisions = new java.util.HashSet<>();
		release.map(EnvironmentRelease::commit).map(CommitSummary::id).ifPresent(revisions::add);
		if (subject.revision() != null) {
			revisions.add(subject.revision());
		}
		List<RevisionHistory> history = (app.get().status() != null) ? app.get().status().history() : List.of();
		Optional<Instant> deployedAt = history.stream()
			.filter((entry) -> entry.revision() != null && entry.deployedAt() != null
					&& revisions.contains(entry.revision()))
			.map(RevisionHistory::deployedAt)
			.min(Instant::compareTo);
		if (deployedAt.isEmpty()) {
			return gate(Gate.SOAK, GateStatus.PENDING, "Argo CD's history of " + from.applicationName(subject.service())
					+ " has no sync of the candidate yet");
		}
		Duration soaked = Duration.between(deployedAt.get(), now);
		if (soaked.compareTo(required) >= 0) {
			return gate(Gate.SOAK, GateStatus.PASSED, "running in " + from.name() + " since " + deployedAt.get()
					+ ": " + hours(soaked) + " of " + hours(required) + " required");
		}
		return gate(Gate.SOAK, GateStatus.PENDING, "running in " + from.name() + " since " + deployedAt.get() + ": "
				+ hours(soaked) + " of " + hours(required) + ", " + hours(required.minus(soaked)) + " left");
	}

	private static Gate alertGate(AlertCheck check) {
		return switch (check.outcome()) {
			case NOT_CONFIGURED -> gate(Gate.ALERTS, GateStatus.UNKNOWN, "Alertmanager not connected");
			case UNREACHABLE -> gate(Gate.ALERTS, GateStatus.UNKNOWN, String.valueOf(check.error()));
			case CHECKED -> check.alerts().isEmpty()
					? gate(Gate.ALERTS, GateStatus.PASSED, "no critical alert firing (" + check.source() + ")")
					: gate(Gate.ALERTS, GateStatus.FAILED, check.alerts().size() + " critical alert"
							+ ((check.alerts().size() == 1) ? "" : "s") + " firing: "
							+ String.join(", ", check.alerts().stream().map((alert) -> alert.name()
									+ (alert.summary().isEmpty() ? "" : " (" + alert.summary() + ")")).toList()));
		};
	}

	private static Gate backupGate(BackupReport report) {
		GateStatus status = switch (report.freshness()) {
			case FRESH -> GateStatus.PASSED;
			case LATE, FAILED -> GateStatus.FAILED;
			case UNKNOWN -> GateStatus.UNKNOWN;
		};
		return gate(Gate.BACKUP, status, report.message());
	}

	private Gate targetGate(Subject subject, Environment to) {
		if (subject.healthWaivedBy() != null) {
			return new Gate(Gate.TARGET_HEALTHY, GateStatus.PASSED,
					"waived by " + subject.healthWaivedBy() + ": " + subject.healthWaiverReason(), subject.healthWaivedBy());
		}
		Optional<Application> app = application(to.applicationName(subject.service()));
		if (app.isEmpty()) {
			return missing(Gate.TARGET_HEALTHY, to.applicationName(subject.service()));
		}
		String health = app.get().healthStatus();
		String where = to.name() + " is " + health;
		return "Healthy".equals(health) ? gate(Gate.TARGET_HEALTHY, GateStatus.PASSED, where)
				: gate(Gate.TARGET_HEALTHY, GateStatus.FAILED, where + healthMessage(app.get()));
	}

	private Optional<Application> application(String name) {
		return this.argoCd.connected() ? this.argoCd.find(name) : Optional.empty();
	}

	private Gate missing(String gate, String application) {
		if (!this.argoCd.connected()) {
			return gate(gate, GateStatus.UNKNOWN, "Argo CD not connected");
		}
		if (!this.argoCd.synced()) {
			return gate(gate, GateStatus.UNKNOWN, "Argo CD not reached yet");
		}
		return gate(gate, GateStatus.FAILED, "Argo CD has no application " + application);
	}

	static @Nullable String revision(Application app) {
		return (app.status() != null && app.status().sync() != null) ? app.status().sync().revision() : null;
	}

	private static String healthMessage(Application app) {
		String message = (app.status() != null && app.status().health() != null) ? app.status().health().message()
				: null;
		return (message != null && !message.isBlank()) ? ": " + message : "";
	}

	private static Gate gate(String name, GateStatus status, String evidence) {
		return new Gate(name, status, evidence, null);
	}

	static String abbreviate(String revision) {
		return revision.substring(0, Math.min(7, revision.length()));
	}

	static String hours(Duration duration) {
		long minutes = duration.toMinutes();
		return (minutes / 60) + "h " + (minutes % 60) + "m";
	}

}
