package io.slipway.promotion;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Moves promotions through their steps: runs the first unfinished step, records its outcome, and
 * goes on until a step waits or the promotion ends. One run per promotion at a time in this
 * process; asking again while one runs makes it look once more when it is done, so no action is
 * missed.
 * <p>
 * One run per promotion across processes too: with several Slipway replicas on one database, a run
 * first claims the promotion's lease (a conditional UPDATE only one instance wins), renews it every
 * third of {@code slipway.promotions.lease-duration} while it lasts (waiting on Argo CD can take
 * minutes) and gives it up at the end. A run that cannot claim the lease leaves the promotion to
 * the instance holding it; a run that loses its lease (this instance stalled past the expiry and
 * another took over) stops.
 */
@Component
class PromotionRunner {

	private static final Logger logger = LoggerFactory.getLogger(PromotionRunner.class);

	private final PromotionRepository repository;

	private final Map<PromotionStepKind, PromotionStepRunner> steps = new EnumMap<>(PromotionStepKind.class);

	private final ApplicationEventPublisher events;

	private final Map<Long, AtomicBoolean> running = new ConcurrentHashMap<>();

	private final String owner;

	private final Duration lease;

	PromotionRunner(PromotionRepository repository, List<PromotionStepRunner> runners,
			ApplicationEventPublisher events, PromotionProperties properties) {
		this.repository = repository;
		this.events = events;
		this.lease = properties.leaseDuration();
		this.owner = instanceName();
		runners.forEach((runner) -> this.steps.put(runner.kind(), runner));
		for (PromotionStepKind kind : PromotionStepKind.values()) {
			if (!this.steps.containsKey(kind)) {
				throw new IllegalStateException("no runner for promotion step " + kind.id());
			}
		}
	}

	private static String instanceName() {
		String host = System.getenv("HOSTNAME");
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		if (host == null || host.isBlank()) {
			return suffix;
		}
		return ((host.length() > 80) ? host.substring(0, 80) : host) + "/" + suffix;
	}

	/** This instance's name in the promotions' lease: the host and a random suffix. */
	String owner() {
		return this.owner;
	}

	/** Runs the promotion as far as it goes now, in the background. */
	void kick(long id) {
		advance(id).subscribe(null, (ex) -> logger.warn("Promotion #{} could not advance: {}", id, ex.getMessage()));
	}

	/** Whether a run of this promotion is under way in this process. */
	boolean isRunning(long id) {
		return this.running.containsKey(id);
	}

	/**
	 * Runs the promotion as far as it goes now.
	 * @return completes when it waits or ended (at once when a run is already under way)
	 */
	Mono<Void> advance(long id) {
		AtomicBoolean again = new AtomicBoolean();
		AtomicBoolean existing = this.running.putIfAbsent(id, again);
		if (existing != null) {
			existing.set(true);
			return Mono.empty();
		}
		return Readiness.blocking(() -> claim(id)).flatMap((claimed) -> {
			if (!claimed) {
				logger.debug("Promotion #{} is driven by another instance", id);
				return Mono.<Void>empty();
			}
			Duration every = this.lease.dividedBy(3);
			Mono<Boolean> lost = Flux.interval(every, every)
				.concatMap((tick) -> Readiness.blocking(() -> claim(id)))
				.filter((held) -> !held)
				.next()
				.doOnNext((held) -> logger.warn("Promotion #{}: lost its lease to another instance; stopping here", id));
			return loop(id).takeUntilOther(lost)
				.then(Readiness.blocking(() -> {
					this.repository.release(id, this.owner);
					return true;
				}))
				.onErrorResume((ex) -> {
					logger.warn("Promotion #{} stopped: {}", id, describe(ex));
					return Readiness.blocking(() -> {
						this.repository.release(id, this.owner);
						return true;
					}).onErrorResume((failure) -> Mono.just(false));
				})
				.then();
		}).doFinally((signal) -> {
			this.running.remove(id);
			if (again.get()) {
				kick(id);
			}
		});
	}

	private boolean claim(long id) {
		Instant now = PromotionRepository.now();
		return this.repository.claim(id, this.owner, now, now.plus(this.lease));
	}

	private Mono<Void> loop(long id) {
		return Readiness.blocking(() -> this.repository.find(id)).flatMap((found) -> {
			Optional<PromotionRepository.Row> row = found.filter((promotion) -> !promotion.phase().isTerminal());
			if (row.isEmpty()) {
				return Mono.empty();
			}
			return Readiness.blocking(() -> this.repository.steps(id)
				.stream()
				.filter((step) -> step.status() == StepStatus.PENDING || step.status() == StepStatus.RUNNING)
				.findFirst())
				.flatMap((current) -> current.map((step) -> runStep(row.get(), step)).orElseGet(Mono::empty));
		});
	}

	private Mono<Void> runStep(PromotionRepository.Row row, PromotionStep step) {
		PromotionStepKind kind = step.kind();
		return Readiness.blocking(() -> {
			this.repository.stepRunning(row.id(), kind, step.message());
			return this.repository.find(row.id()).orElseThrow();
		})
			// aborted since the loop looked: run nothing more
			.filter((fresh) -> !fresh.phase().isTerminal())
			.flatMap((fresh) -> this.steps.get(kind).run(fresh))
			.onErrorResume((ex) -> Mono.just(new StepResult.Errored(describe(ex))))
			.flatMap((result) -> Readiness.blocking(() -> record(row.id(), kind, result)))
			.flatMap((goOn) -> goOn ? loop(row.id()) : Mono.empty());
	}

	/** @return whether to run the next step */
	private boolean record(long id, PromotionStepKind kind, StepResult result) {
		PromotionRepository.Row row = this.repository.find(id).orElseThrow();
		if (row.phase().isTerminal()) {
			// aborted meanwhile: keep what the abort recorded
			return false;
		}
		if (result instanceof StepResult.Done done) {
			this.repository.stepEnded(id, kind, StepStatus.SUCCEEDED, done.message());
			logger.info("Promotion #{} ({} {} to {}): {} done: {}", id, row.service(), row.imageTag(), row.target(),
					kind.id(), done.message());
			if (kind == PromotionStepKind.ARGOCD_WAIT_HEALTHY) {
				if (this.repository.updatePhase(id, row.phase(), PromotionPhase.Succeeded, done.message())) {
					this.events.publishEvent(new PromotionSucceeded(row.requestedBy(), id, row.service(), row.target(),
							row.imageTag(), String.valueOf(row.mergeCommit())));
				}
				return false;
			}
			this.repository.setPhaseMessage(id, null);
			return true;
		}
		if (result instanceof StepResult.Waiting waiting) {
			this.repository.stepRunning(id, kind, waiting.message());
			this.repository.setPhaseMessage(id, waiting.message());
			return false;
		}
		if (result instanceof StepResult.Failed failed) {
			end(row, kind, StepStatus.FAILED, PromotionPhase.Failed, failed.message());
			return false;
		}
		end(row, kind, StepStatus.ERRORED, PromotionPhase.Errored, result.message());
		return false;
	}

	private void end(PromotionRepository.Row row, PromotionStepKind kind, StepStatus status, PromotionPhase phase,
			String message) {
		this.repository.stepEnded(row.id(), kind, status, message);
		this.repository.skipRemainingSteps(row.id());
		if (!this.repository.updatePhase(row.id(), row.phase(), phase, message)) {
			return;
		}
		logger.info("Promotion #{} ({} {} to {}) {} at {}: {}", row.id(), row.service(), row.imageTag(), row.target(),
				phase, kind.id(), message);
		if (phase == PromotionPhase.Failed) {
			this.events.publishEvent(new PromotionFailed("system", row.id(), row.service(), row.target(),
					row.imageTag(), message));
		}
		else {
			this.events.publishEvent(new PromotionErrored("system", row.id(), row.service(), row.target(),
					row.imageTag(), message));
		}
	}

	static String describe(Throwable ex) {
		String message = ex.getMessage();
		return (message != null && !message.isBlank()) ? message : ex.getClass().getSimpleName();
	}

}
