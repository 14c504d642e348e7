package io.slipway.promotion;

import io.slipway.changerequest.ChangeRequest;
import io.slipway.changerequest.ChangeRequestConflictException;
import io.slipway.changerequest.ChangeRequestException;
import io.slipway.changerequest.ChangeRequestManagement;
import io.slipway.changerequest.OpenChangeRequest;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * {@code open-change-request}: opens the change request for the promotion branch, its body listing
 * the gates, the checklist and the approvals with their evidence (kept current afterwards by
 * {@link ChangeRequestDescriptions}). Takes the branch's open change request when there already is
 * one (a restart after opening it).
 */
@Component
class OpenChangeRequestStep implements PromotionStepRunner {

	private final ChangeRequestManagement changeRequests;

	private final PromotionRepository repository;

	private final Readiness readiness;

	private final ChangeRequestDescriptions descriptions;

	OpenChangeRequestStep(ChangeRequestManagement changeRequests, PromotionRepository repository,
			Readiness readiness, ChangeRequestDescriptions descriptions) {
		this.changeRequests = changeRequests;
		this.repository = repository;
		this.readiness = readiness;
		this.descriptions = descriptions;
	}

	@Override
	public PromotionStepKind kind() {
		return PromotionStepKind.OPEN_CHANGE_REQUEST;
	}

	@Override
	public Mono<StepResult> run(PromotionRepository.Row row) {
		String branch = row.branch();
		return this.changeRequests.findOpenBySourceBranch(branch)
			.flatMap((found) -> found.map(Mono::just).orElseGet(() -> open(row)))
			.flatMap((changeRequest) -> Readiness.blocking(() -> {
				this.repository.setChangeRequest(row.id(), changeRequest.id());
				return this.repository.find(row.id()).orElseThrow().phase().isTerminal();
			}).flatMap((abortedMeanwhile) -> abortedMeanwhile ? closeAfterAbort(row, changeRequest)
					: Mono.just(new StepResult.Done("opened change request #" + changeRequest.id()))));
	}

	/**
	 * The promotion was aborted while its change request was being opened, too late for the abort
	 * to see it: close it here, so no change request outlives its promotion.
	 */
	private Mono<StepResult> closeAfterAbort(PromotionRepository.Row row, ChangeRequest changeRequest) {
		return this.changeRequests.close(changeRequest.id(), row.requestedBy())
			.onErrorResume(ChangeRequestException.class, (ex) -> Mono.empty())
			.then(Mono.just(new StepResult.Done("closed change request #" + changeRequest.id()
					+ ": the promotion was aborted")));
	}

	private Mono<ChangeRequest> open(PromotionRepository.Row row) {
		return this.readiness.evaluate(row)
			.flatMap((verdict) -> this.changeRequests
				.open(new OpenChangeRequest(row.branch(), null, GitCommitStep.message(row),
						this.descriptions.describe(row, verdict), row.requestedBy()))
				.doOnNext((opened) -> this.descriptions.opened(row, verdict)))
			.onErrorResume(ChangeRequestConflictException.class,
					(ex) -> (ex.reason() == ChangeRequestConflictException.Reason.ALREADY_OPEN)
							? this.changeRequests.findOpenBySourceBranch(row.branch())
								.flatMap((found) -> Mono.justOrEmpty(found))
								.switchIfEmpty(Mono.error(ex))
							: Mono.error(ex));
	}

}
