package io.slipway.changerequest;

import java.time.Instant;

/**
 * One reviewer's approval of a change request, given to the commit that was at the tip of the
 * branch at the time. A commit pushed afterwards is not approved by it: the approval stays on
 * record but no longer counts ({@code current} is false).
 *
 * @param approver the user who approved
 * @param approvedAt when
 * @param headCommit the commit they approved
 * @param current whether that commit is still the change request's head, so the approval counts
 */
public record Approval(String approver, Instant approvedAt, String headCommit, boolean current) {
}
