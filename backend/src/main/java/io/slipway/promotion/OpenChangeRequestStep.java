package io.slipway.promotion;

import io.slipway.changerequest.ChangeRequest;
import io.slipway.changerequest.ChangeRequestConflictException;
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
				return (StepResult) new StepResult.Done("opened change request #" + changeRequest.id());
			}));
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
