package io.slipway.promotion;

import java.util.List;

import io.slipway.changerequest.ChangeRequest;
import io.slipway.changerequest.ChangeRequestConflictException;
import io.slipway.changerequest.ChangeRequestDetail;
import io.slipway.changerequest.ChangeRequestException;
import io.slipway.changerequest.ChangeRequestManagement;
import io.slipway.changerequest.ChangeRequestState;
import io.slipway.gitops.CommitRequest;
import io.slipway.platform.Environment;
import io.slipway.platform.Environments;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * {@code merge}: once the gates and approvals still hold (checked again: an alert may have started
 * firing since the approvals), and with auto-merge off once someone asked for it, merges the
 * change request. The promotion's approvals are recorded on the change request first; where the
 * change request's own review policy asks for more than the environment does (staging needs no
 * approval), Slipway approves it itself, since the promotion's rules are the ones that apply.
 */
@Component
class MergeStep implements PromotionStepRunner {

	private final ChangeRequestManagement changeRequests;

	private final PromotionRepository repository;

	private final Readiness readiness;

	private final Environments environments;

	private final ApplicationEventPublisher events;

	MergeStep(ChangeRequestManagement changeRequests, PromotionRepository repository, Readiness readiness,
			Environments environments, ApplicationEventPublisher events) {
		this.changeRequests = changeRequests;
		this.repository = repository;
		this.readiness = readiness;
		this.environments = environments;
		this.events = events;
	}

	@Override
	public PromotionStepKind kind() {
		return PromotionStepKind.MERGE;
	}

	@Override
	public Mono<StepResult> run(PromotionRepository.Row row) {
		if (row.mergeCommit() != null) {
			return Mono.just(new StepResult.Done("merged " + row.mergeCommit().substring(0, 7)));
		}
		Environment target = this.environments.find(row.target()).orElseThrow();
		return this.readiness.evaluate(row).flatMap((verdict) -> {
			if (!verdict.ready()) {
				return Mono.just(new StepResult.Waiting("waiting: " + String.join("; ", verdict.missing())));
			}
			if (!target.autoMerge() && row.mergeRequestedBy() == null) {
				return Mono.just(new StepResult.Waiting("ready to merge: waiting for someone to press Merge"));
			}
			String mergedBy = (row.mergeRequestedBy() != null) ? row.mergeRequestedBy() : CommitRequest.SYSTEM_ACTOR;
			return Readiness.blocking(() -> this.repository.updatePhase(row.id(), PromotionPhase.Pending,
					PromotionPhase.Running, "merging"))
				.then(merge(row, verdict, mergedBy));
		});
	}

	private Mono<StepResult> merge(PromotionRepository.Row row, Readiness.Verdict verdict, String mergedBy) {
		long id = row.changeRequestId();
		return current(row.branch(), id).flatMap((changeRequest) -> {
			if (changeRequest.state() == ChangeRequestState.MERGED) {
				return Mono.just(changeRequest);
			}
			if (changeRequest.state() == ChangeRequestState.CLOSED) {
				return Mono.error(new ClosedElsewhere(changeRequest));
			}
			return approveAndMerge(changeRequest, verdict.approvers(), mergedBy);
		})
			.flatMap((merged) -> Readiness.blocking(() -> {
				String commit = merged.mergeCommit();
				this.repository.setMergeCommit(row.id(), commit);
				String gates = String.join("; ",
						verdict.gates().stream().map((gate) -> gate.name() + " " + gate.status()).toList());
				this.events.publishEvent(new PromotionMerged(mergedBy, row.id(), row.service(), row.target(),
						row.imageTag(), commit, gates));
				return (StepResult) new StepResult.Done("merged change request #" + id + " as " + commit.substring(0, 7)
						+ " by " + mergedBy);
			}))
			.onErrorResume(ClosedElsewhere.class, (ex) -> Mono.just(new StepResult.Failed(ex.getMessage())))
			.onErrorResume(ChangeRequestConflictException.class,
					(ex) -> Mono.just(new StepResult.Failed("cannot merge: " + ex.getMessage())));
	}

	/**
	 * The change request as it stands. Slipway's own open change request is read as stored: its
	 * detail would fetch and diff the branch only to be thrown away, which many promotions merging
	 * at once paid for in Git round trips. A forge's (or one no longer open) is read in full, so
	 * its state is followed from the forge.
	 */
	private Mono<ChangeRequest> current(String branch, long id) {
		return this.changeRequests.findOpenBySourceBranch(branch)
			.flatMap((open) -> open.filter((found) -> found.id() == id && found.forge() == null)
				.map(Mono::just)
				.orElseGet(() -> this.changeRequests.find(id)
					.map((found) -> found.map(ChangeRequestDetail::changeRequest)
						.orElseThrow(() -> new IllegalStateException("change request #" + id + " no longer exists")))));
	}

	private Mono<ChangeRequest> approveAndMerge(ChangeRequest changeRequest, List<String> approvers, String mergedBy) {
		long id = changeRequest.id();
		return Flux.fromIterable(approvers)
			.filter((approver) -> !changeRequest.approvedBy(approver) && !approver.equals(changeRequest.author()))
			.concatMap((approver) -> this.changeRequests.approve(id, approver)
				.onErrorResume(ChangeRequestException.class, (ex) -> Mono.empty()))
			.then(current(changeRequest.sourceBranch(), id))
			.flatMap((current) -> current.approvalsSatisfied() ? Mono.just(current)
					: this.changeRequests.approve(id, CommitRequest.SYSTEM_ACTOR))
			.then(this.changeRequests.merge(id, mergedBy));
	}

	/** The change request was closed outside the promotion. */
	static final class ClosedElsewhere extends RuntimeException {

		ClosedElsewhere(ChangeRequest changeRequest) {
			super("change request #" + changeRequest.id() + " was closed by " + changeRequest.closedBy()
					+ " without merging");
		}

	}

}
