package io.slipway.changerequest;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A change request: the proposal to merge {@code sourceBranch} into {@code targetBranch}, with its
 * review. Approvals are listed whether or not they still count; {@link #currentApprovals()} counts
 * those given to {@code headCommit}.
 *
 * @param id its number, shown as {@code #12}
 * @param title one line
 * @param body the description (plain text)
 * @param sourceBranch the branch with the proposed commits
 * @param targetBranch where they are to be merged
 * @param author who opened it
 * @param state open, merged or closed
 * @param createdAt when it was opened
 * @param updatedAt when it last changed (approved, merged, closed)
 * @param headCommit the source branch's tip: now for an open change request (as the local copy of
 * the repository knows it), at merging or closing time otherwise
 * @param approvals every approval, oldest first
 * @param approvalsRequired how many current approvals merging needs; 0 when review is not required
 * @param mergedBy who merged it, when merged
 * @param mergedAt when it was merged
 * @param mergeCommit the target's tip after the merge (a merge commit, or the head commit after a
 * fast-forward), when merged
 * @param closedBy who closed it, when closed
 * @param closedAt when it was closed
 * @param forge the forge's pull request it is, or {@code null} for Slipway's own change requests;
 * the forge then owns the review ({@code approvals} stay empty and {@code approvalsRequired} 0) and
 * {@code mergedBy}/{@code closedBy} are {@code null} when it was merged or closed on the forge
 */
public record ChangeRequest(long id, String title, String body, String sourceBranch, String targetBranch,
		String author, ChangeRequestState state, Instant createdAt, Instant updatedAt, String headCommit,
		List<Approval> approvals, int approvalsRequired, @Nullable String mergedBy, @Nullable Instant mergedAt,
		@Nullable String mergeCommit, @Nullable String closedBy, @Nullable Instant closedAt,
		@Nullable ForgeLink forge) {

	public ChangeRequest {
		approvals = List.copyOf(approvals);
	}

	/**
	 * The page showing it, e.g. {@code /change-requests/12}.
	 */
	public String path() {
		return "/change-requests/" + this.id;
	}

	/**
	 * Where reviewers go: the pull request's page on the forge when it lives on one, else
	 * {@link #path()}.
	 */
	public String reviewUrl() {
		return (this.forge != null) ? this.forge.url() : path();
	}

	/**
	 * Whether it lives on a forge, which then owns its review.
	 */
	public boolean onForge() {
		return this.forge != null;
	}

	/**
	 * Whether a review is needed before merging (and the author is therefore not allowed to
	 * approve).
	 */
	public boolean reviewRequired() {
		return this.approvalsRequired > 0;
	}

	/**
	 * How many approvals of the head commit it has.
	 */
	public int currentApprovals() {
		return (int) this.approvals.stream().filter(Approval::current).count();
	}

	/**
	 * Whether it has the approvals merging needs (always, when review is not required).
	 */
	public boolean approvalsSatisfied() {
		return currentApprovals() >= this.approvalsRequired;
	}

	/**
	 * Whether {@code user} approved the head commit.
	 */
	public boolean approvedBy(String user) {
		return this.approvals.stream().anyMatch((approval) -> approval.current() && approval.approver().equals(user));
	}

}
