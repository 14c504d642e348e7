package io.slipway.promotion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.slipway.changerequest.ChangeRequestManagement;
import io.slipway.gitops.CommitRequest;
import io.slipway.platform.PublicLinks;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Keeps a promotion's change request description (its gates, checklist and approvals with their
 * evidence, on the forge's pull request too) current while the promotion waits: written when the
 * change request opens, it would otherwise show the state of that moment to reviewers for good.
 * <p>
 * Anything that may change what the description lists {@link #touch touches} the promotion (a
 * checklist entry, a vote, a waiver, a new candidate, and every reconcile, which is when gates
 * change). An update is written only when the states it lists changed (a gate's status, an item,
 * a vote), not when only the evidence's wording moved (the soak time left), and at most once per
 * {@code slipway.promotions.description-interval} per promotion, so a burst of changes costs the
 * forge one call. A forge that fails is logged and the update is tried again on the next touch:
 * the promotion never fails for it.
 */
@Component
class ChangeRequestDescriptions {

	private static final Logger logger = LoggerFactory.getLogger(ChangeRequestDescriptions.class);

	private final PromotionRepository repository;

	private final Readiness readiness;

	private final ChangeRequestManagement changeRequests;

	private final PublicLinks links;

	private final Duration interval;

	private final Clock clock;

	private final Map<Long, State> states = new ConcurrentHashMap<>();

	ChangeRequestDescriptions(PromotionRepository repository, Readiness readiness,
			ChangeRequestManagement changeRequests, PublicLinks links, PromotionProperties properties,
			ObjectProvider<Clock> clock) {
		this.repository = repository;
		this.readiness = readiness;
		this.changeRequests = changeRequests;
		this.links = links;
		this.interval = properties.descriptionInterval();
		this.clock = clock.getIfUnique(Clock::systemUTC);
	}

	/** What was last written for one promotion, and whether an update is on its way. */
	private static final class State {

		@Nullable String written;

		@Nullable Instant lastAttempt;

		boolean scheduled;

	}

	/** The description of a promotion's change request, as it reads with this verdict. */
	String describe(PromotionRepository.Row row, Readiness.Verdict verdict) {
		return Readiness.describe(row, verdict, this.links.to("/promotions/" + row.id()));
	}

	/** The change request was just opened with the description of this verdict. */
	void opened(PromotionRepository.Row row, Readiness.Verdict verdict) {
		State state = this.states.computeIfAbsent(row.id(), (id) -> new State());
		synchronized (state) {
			state.written = fingerprint(row, verdict);
			state.lastAttempt = this.clock.instant();
		}
	}

	/**
	 * What the description lists may have changed: updates it soon, unless an update is already on
	 * its way (it will read the promotion as it is then).
	 */
	void touch(long id) {
		State state = this.states.computeIfAbsent(id, (key) -> new State());
		Duration delay;
		synchronized (state) {
			if (state.scheduled) {
				return;
			}
			state.scheduled = true;
			Instant now = this.clock.instant();
			Instant earliest = (state.lastAttempt != null) ? state.lastAttempt.plus(this.interval) : now;
			delay = earliest.isAfter(now) ? Duration.between(now, earliest) : Duration.ZERO;
		}
		Mono.delay(delay).then(update(id, state)).doFinally((signal) -> {
			synchronized (state) {
				state.scheduled = false;
			}
		}).subscribe(null, (ex) -> logger.warn("Could not bring the change request of promotion #{} up to date: {}",
				id, PromotionRunner.describe(ex)));
	}

	private Mono<Void> update(long id, State state) {
		return Readiness.blocking(() -> this.repository.find(id)).flatMap((found) -> {
			PromotionRepository.Row row = found.orElse(null);
			if (row == null || row.phase() != PromotionPhase.Pending || row.mergeCommit() != null) {
				// merged or ended: its description is final
				this.states.remove(id);
				return Mono.empty();
			}
			if (row.changeRequestId() == null) {
				return Mono.empty();
			}
			long changeRequest = row.changeRequestId();
			return this.readiness.evaluate(row).flatMap((verdict) -> {
				String fingerprint = fingerprint(row, verdict);
				synchronized (state) {
					if (fingerprint.equals(state.written)) {
						return Mono.<Void>empty();
					}
					state.lastAttempt = this.clock.instant();
				}
				return this.changeRequests.updateDescription(changeRequest, describe(row, verdict), CommitRequest.SYSTEM_ACTOR)
					.doOnNext((updated) -> {
						synchronized (state) {
							state.written = fingerprint;
						}
						logger.info("Promotion #{}: change request #{} now lists the current gates, checklist and approvals",
								id, changeRequest);
					})
					.onErrorResume((ex) -> {
						// left as it was: the next touch (the next reconcile at the latest) tries again
						logger.warn("Promotion #{}: could not update the description of change request #{}, will retry: {}",
								id, changeRequest, PromotionRunner.describe(ex));
						return Mono.empty();
					})
					// counted from the forge's answer too, so a slow forge is never asked more often
					.doFinally((signal) -> {
						synchronized (state) {
							state.lastAttempt = this.clock.instant();
						}
					})
					.then();
			});
		});
	}

	/** The states the description lists, without the wording of the evidence. */
	static String fingerprint(PromotionRepository.Row row, Readiness.Verdict verdict) {
		StringBuilder state = new StringBuilder(row.imageTag()).append('|').append(verdict.approvalsRequired());
		verdict.gates().forEach((gate) -> state.append('|').append(gate.name()).append('=').append(gate.status()).append(gate.waivedBy()));
		verdict.checklist()
			.forEach((item) -> state.append('|')
				.append(item.position())
				.append(item.checked())
				.append(item.checkedBy())
				.append(Objects.toString(item.note(), "")));
		verdict.votes()
			.forEach((vote) -> state.append('|')
				.append(vote.voter())
				.append(vote.decision())
				.append(vote.imageTag())
				.append(vote.current()));
		return state.toString();
	}

}
