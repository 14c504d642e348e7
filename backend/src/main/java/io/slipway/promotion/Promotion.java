package io.slipway.promotion;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A promotion as recorded: what moves where, who asked, where it stands and every step.
 *
 * @param id its number
 * @param service the service
 * @param from the source environment
 * @param to the target environment
 * @param candidate the release being promoted
 * @param previousTag the tag the target declared before
 * @param targetOverlay the overlay folder the promotion edits
 * @param phase where it stands
 * @param phaseMessage why (the failure, the refusal, what it waits for)
 * @param requestedBy who asked
 * @param createdAt when
 * @param updatedAt last change
 * @param finishedAt when it reached a terminal phase
 * @param branch {@code promote/<svc>-<env>-<id>}
 * @param commitId the promotion commit on the branch
 * @param changeRequestId the change request, once opened
 * @param mergeRequestedBy who asked to merge (without auto-merge)
 * @param mergeCommit the main branch's tip after the merge
 * @param healthWaivedBy the admin who waived the target-healthy gate
 * @param healthWaiverReason why
 * @param steps every step, in order
 * @param checklist the checklist items, in order
 * @param votes approvals and rejections, oldest first
 * @param approvalsRequired how many current approvals merging needs
 * @param approverGroup the group approvers must be in, {@code null} for any approver
 * @param autoMerge whether it merges by itself once everything holds
 */
public record Promotion(long id, String service, String from, String to, Candidate candidate,
		@Nullable String previousTag, String targetOverlay, PromotionPhase phase, @Nullable String phaseMessage,
		String requestedBy, Instant createdAt, Instant updatedAt, @Nullable Instant finishedAt, @Nullable String branch,
		@Nullable String commitId, @Nullable Long changeRequestId, @Nullable String mergeRequestedBy,
		@Nullable String mergeCommit, @Nullable String healthWaivedBy, @Nullable String healthWaiverReason,
		List<PromotionStep> steps, List<ChecklistItem> checklist, List<PromotionVote> votes, int approvalsRequired,
		@Nullable String approverGroup, boolean autoMerge) {

	public Promotion {
		steps = List.copyOf(steps);
		checklist = List.copyOf(checklist);
		votes = List.copyOf(votes);
	}

	/** Approvers of the current candidate, oldest first. */
	public List<String> currentApprovers() {
		return this.votes.stream()
			.filter((vote) -> vote.current() && vote.decision() == PromotionVote.Decision.APPROVED)
			.map(PromotionVote::voter)
			.distinct()
			.toList();
	}

	/** Whether every checklist item is checked. */
	public boolean checklistComplete() {
		return this.checklist.stream().allMatch(ChecklistItem::checked);
	}

	/** Whether enough current approvals are in. */
	public boolean approved() {
		return currentApprovers().size() >= this.approvalsRequired;
	}

	/** The step of this kind. */
	public PromotionStep step(PromotionStepKind kind) {
		return this.steps.stream().filter((step) -> step.kind() == kind).findFirst().orElseThrow();
	}

	/** The page showing it. */
	public String path() {
		return "/promotions/" + this.id;
	}

	/** Whether it has been merged (or is merging). */
	public boolean merged() {
		return this.mergeCommit != null;
	}

}
