package io.slipway.changerequest;

import org.jspecify.annotations.Nullable;

/**
 * What {@link ChangeRequestManagement#open} needs: an existing branch and what it is about.
 *
 * @param branch the branch holding the proposed commits; it must exist in the infra repository
 * @param targetBranch where it is to be merged; {@code null} means the main branch
 * @param title one line, e.g. the commit's subject {@code feat(payments): add deployment configuration}
 * @param body the description reviewers read: what, why, the checks that ran (plain text)
 * @param author who proposes it; when review is required they cannot approve it themselves
 */
public record OpenChangeRequest(String branch, @Nullable String targetBranch, String title, String body,
		String author) {

	/** The longest title a change request keeps. */
	public static final int MAX_TITLE_LENGTH = 200;

	public OpenChangeRequest {
		if (branch.isBlank()) {
			throw new IllegalArgumentException("a change request needs a branch");
		}
		if (targetBranch != null && targetBranch.isBlank()) {
			targetBranch = null;
		}
		if (title.isBlank()) {
			throw new IllegalArgumentException("a change request needs a title");
		}
		title = title.strip();
		if (title.length() > MAX_TITLE_LENGTH || title.contains("\n") || title.contains("\r")) {
			throw new IllegalArgumentException(
					"the title of a change request is one line of at most " + MAX_TITLE_LENGTH + " characters");
		}
		if (author.isBlank()) {
			throw new IllegalArgumentException("a change request needs an author");
		}
	}

}
