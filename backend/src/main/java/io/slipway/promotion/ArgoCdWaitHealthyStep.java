package io.slipway.promotion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.slipway.argocd.Application;
import io.slipway.argocd.ArgoCdApplications;
import io.slipway.argocd.OperationState;
import io.slipway.gitops.GitOpsRepository;
import io.slipway.gitops.YamlKeyPathEditor;
import io.slipway.platform.Environment;
import io.slipway.platform.Environments;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code argocd-wait-healthy}: follows the target application on the cache's change stream (no
 * polling) until Argo CD reports it Synced and Healthy at the merge revision (or at a later
 * revision that still declares the candidate) → done; Degraded at that revision, or a failed sync
 * of it → failed; nothing decisive within {@code slipway.promotions.health-timeout} of the step's
 * start → failed with what was last seen. The deadline counts from the step's first start, so a
 * restart does not extend it.
 */
@Component
class ArgoCdWaitHealthyStep implements PromotionStepRunner {

	private final ArgoCdAccess argoCd;

	private final Environments environments;

	private final PromotionRepository repository;

	private final GitOpsRepository gitOps;

	private final PromotionProperties properties;

	private final Clock clock;

	ArgoCdWaitHealthyStep(ArgoCdAccess argoCd, Environments environments, PromotionRepository repository,
			GitOpsRepository gitOps, PromotionProperties properties, ObjectProvider<Clock> clock) {
		this.argoCd = argoCd;
		this.environments = environments;
		this.repository = repository;
		this.gitOps = gitOps;
		this.properties = properties;
		this.clock = clock.getIfUnique(Clock::systemUTC);
	}

	@Override
	public PromotionStepKind kind() {
		return PromotionStepKind.ARGOCD_WAIT_HEALTHY;
	}

	@Override
	public Mono<StepResult> run(PromotionRepository.Row row) {
		Environment target = this.environments.find(row.target()).orElseThrow();
		String name = target.applicationName(row.service());
		String merge = row.mergeCommit();
		ArgoCdApplications applications = this.argoCd.applications();
		if (merge == null) {
			return Mono.just(new StepResult.Errored("no merge commit recorded to wait for"));
		}
		return Readiness.blocking(() -> this.repository.steps(row.id())).flatMap((steps) -> {
			Instant started = steps.stream()
				.filter((step) -> step.kind() == PromotionStepKind.ARGOCD_WAIT_HEALTHY && step.startedAt() != null)
				.map(PromotionStep::startedAt)
				.findFirst()
				.orElse(this.clock.instant());
			Duration left = Duration.between(this.clock.instant(), started.plus(this.properties.healthTimeout()));
			AtomicReference<String> lastSeen = new AtomicReference<>("nothing reported by Argo CD");
			// subscribe to changes before reading the current state, so nothing falls in between
			Flux<Application> states = Flux.merge(
					applications.changes()
						.filter((change) -> change.name().equals(name) && change.application() != null)
						.map((change) -> change.application()),
					Mono.defer(() -> Mono.justOrEmpty(applications.find(name))));
			// only the latest state counts: a newer one drops the look-up of an older one, which
			// for a revision the cache does not know yet waits for a fetch
			return states.switchMap((app) -> verdict(row, app, merge, lastSeen))
				.next()
				.timeout(left.isNegative() ? Duration.ZERO : left)
				.onErrorResume(TimeoutException.class, (ex) -> Mono.just(new StepResult.Failed(name
						+ " did not become Synced and Healthy at " + merge.substring(0, 7) + " within "
						+ GateEvaluator.hours(this.properties.healthTimeout()) + "; last seen: " + lastSeen.get())));
		});
	}

	/** A decisive outcome for this state of the application, or nothing to keep waiting. */
	private Mono<StepResult> verdict(PromotionRepository.Row row, Application app, String merge,
			AtomicReference<String> lastSeen) {
		String revision = GateEvaluator.revision(app);
		String sync = app.syncStatus();
		String health = app.healthStatus();
		lastSeen.set(sync + " and " + health + ((revision != null) ? " at " + GateEvaluator.abbreviate(revision) : "")
				+ healthMessage(app));
		OperationState operation = (app.status() != null) ? app.status().operationState() : null;
		if (operation != null && ("Failed".equals(operation.phase()) || "Error".equals(operation.phase()))
				&& merge.equals(operationRevision(operation))) {
			return Mono.just(new StepResult.Failed("Argo CD's sync of " + merge.substring(0, 7) + " failed: "
					+ operation.message()));
		}
		if (revision == null) {
			return Mono.empty();
		}
		Mono<Boolean> atCandidate = merge.equals(revision) ? Mono.just(true)
				: this.gitOps.readFile(revision, GitCommitStep.kustomization(row))
					.map((content) -> content.flatMap((text) -> YamlKeyPathEditor.get(text, GitCommitStep.keyPath(row)))
						.filter(row.imageTag()::equals)
						.isPresent())
					.onErrorReturn(false);
		return atCandidate.flatMap((at) -> {
			if (!at) {
				return Mono.empty();
			}
			if ("Synced".equals(sync) && "Healthy".equals(health) && !app.isBusy()) {
				return Mono.just(new StepResult.Done(app.name() + " is Synced and Healthy at "
						+ GateEvaluator.abbreviate(revision)));
			}
			if ("Degraded".equals(health) && "Synced".equals(sync)) {
				return Mono.just(new StepResult.Failed(app.name() + " is Degraded at " + GateEvaluator.abbreviate(revision)
						+ healthMessage(app)));
			}
			return Mono.empty();
		});
	}

	private static @Nullable String operationRevision(OperationState operation) {
		if (operation.syncResult() != null && operation.syncResult().revision() != null) {
			return operation.syncResult().revision();
		}
		if (operation.operation() != null && operation.operation().sync() != null) {
			return operation.operation().sync().revision();
		}
		return null;
	}

	private static String healthMessage(Application app) {
		String message = (app.status() != null && app.status().health() != null) ? app.status().health().message()
				: null;
		return (message != null && !message.isBlank()) ? " (" + message + ")" : "";
	}

}
