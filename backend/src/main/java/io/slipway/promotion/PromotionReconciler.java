package io.slipway.promotion;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Looks at every open promotion at start (so a restart resumes each where it stood, including one
 * that was waiting on Argo CD) and then every {@code slipway.promotions.reconcile-interval}, so
 * gates that change with time (soak, alerts, health) move promotions along without anyone
 * clicking. Promotions whose lease another instance holds are skipped (see
 * {@link PromotionRunner}); an expired lease (its instance died) is taken over.
 */
@Component
class PromotionReconciler implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(PromotionReconciler.class);

	private final PromotionRepository repository;

	private final PromotionRunner runner;

	private final PromotionProperties properties;

	private final PromotionManagement promotions;

	private final ChangeRequestDescriptions descriptions;

	private volatile Disposable ticks;

	PromotionReconciler(PromotionRepository repository, PromotionRunner runner, PromotionProperties properties,
			PromotionManagement promotions, ChangeRequestDescriptions descriptions) {
		this.repository = repository;
		this.runner = runner;
		this.properties = properties;
		this.promotions = promotions;
		this.descriptions = descriptions;
	}

	@Override
	public void start() {
		this.ticks = Flux.interval(java.time.Duration.ZERO, this.properties.reconcileInterval())
			.onBackpressureDrop()
			// promotions another instance drives now are left to it
			.concatMap((tick) -> Readiness
				.blocking(() -> this.repository.findOpenUnclaimed(this.runner.owner(), PromotionRepository.now()))
				.flatMapMany(Flux::fromIterable)
				.filter((row) -> !this.runner.isRunning(row.id()))
				.concatMap((row) -> this.promotions.followCandidate(row.id())
					.onErrorResume((ex) -> {
						logger.warn("Could not check the candidate of promotion #{}: {}", row.id(), ex.getMessage());
						return Mono.just(false);
					})
					.doFinally((signal) -> {
						this.runner.kick(row.id());
						// gates change with time: the change request lists them
						if (row.changeRequestId() != null) {
							this.descriptions.touch(row.id());
						}
					}))
				.then()
				.onErrorResume((ex) -> {
					logger.warn("Could not look at open promotions: {}", ex.getMessage());
					return Mono.empty();
				}))
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable current = this.ticks;
		if (current != null) {
			current.dispose();
		}
		this.ticks = null;
	}

	@Override
	public boolean isRunning() {
		return this.ticks != null;
	}

	@Override
	public int getPhase() {
		// after the web server and the Argo CD cache have started
		return Integer.MAX_VALUE - 100;
	}

}
