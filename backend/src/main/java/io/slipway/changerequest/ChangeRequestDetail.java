package io.slipway.changerequest;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A change request with what it changes, for review.
 *
 * @param changeRequest the change request and its approvals
 * @param diff the unified diff ({@code git diff target...head}: what the branch changes since it
 * left the target); for a merged change request, what the merge brought in; empty when
 * unavailable
 * @param changedPaths the files the diff touches, in Git's order
 * @param diffError why the diff could not be read (e.g. the remote is unreachable and the local
 * copy lacks the commits), or {@code null}
 */
public record ChangeRequestDetail(ChangeRequest changeRequest, String diff, List<String> changedPaths,
		@Nullable String diffError) {

	public ChangeRequestDetail {
		changedPaths = List.copyOf(changedPaths);
	}

}
