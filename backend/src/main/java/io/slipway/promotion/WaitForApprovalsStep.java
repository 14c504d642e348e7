package io.slipway.promotion;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * {@code wait-for-approvals}: done once the gates pass, the checklist is complete and the
 * approvals are in; until then its message says what is missing.
 */
@Component
class WaitForApprovalsStep implements PromotionStepRunner {

	private final Readiness readiness;

	WaitForApprovalsStep(Readiness readiness) {
		this.readiness = readiness;
	}

	@Override
	public PromotionStepKind kind() {
		return PromotionStepKind.WAIT_FOR_APPROVALS;
	}

	@Override
	public Mono<StepResult> run(PromotionRepository.Row promotion) {
		return this.readiness.evaluate(promotion)
			.map((verdict) -> verdict.ready()
					? new StepResult.Done("gates passed, checklist complete, "
							+ (verdict.approvers().isEmpty() ? "no approval required"
									: "approved by " + String.join(", ", verdict.approvers())))
					: new StepResult.Waiting("waiting: " + String.join("; ", verdict.missing())));
	}

}
