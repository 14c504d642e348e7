package io.slipway.changerequest;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What {@link ChangeRequestManagement#open} needs: an existing branch and what it is about.
 * <p>
 * Build one with the five-argument constructor; {@link #withLabels} and {@link #withMarkdownBody}
 * add what only a forge's pull request uses.
 *
 * @param branch the branch holding the proposed commits; it must exist in the infra repository
 * @param targetBranch where it is to be merged; {@code null} means the main branch
 * @param title one line, e.g. the commit's subject {@code feat(payments): add deployment configuration}
 * @param body the description reviewers read: what, why, the checks that ran (plain text)
 * @param author who proposes it; when review is required they cannot approve it themselves
 * @param labels labels for the forge's pull request, so such requests can be found there (best
 * effort); unused for Slipway's own change requests
 * @param markdownBody the description in Markdown for the forge's pull request; {@code null} sends
 * {@code body}; unused for Slipway's own change requests
 */
public record OpenChangeRequest(String branch, @Nullable String targetBranch, String title, String body,
		String author, List<String> labels, @Nullable String markdownBody) {

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
		labels = List.copyOf(labels);
		if (markdownBody != null && markdownBody.isBlank()) {
			markdownBody = null;
		}
	}

	/**
	 * A change request without labels, whose description is the same text everywhere.
	 */
	public OpenChangeRequest(String branch, @Nullable String targetBranch, String title, String body, String author) {
		this(branch, targetBranch, title, body, author, List.of(), null);
	}

	/**
	 * The same request with these labels on the forge's pull request.
	 */
	public OpenChangeRequest withLabels(List<String> labels) {
		return new OpenChangeRequest(this.branch, this.targetBranch, this.title, this.body, this.author, labels,
				this.markdownBody);
	}

	/**
	 * The same request with a Markdown description for the forge's pull request.
	 */
	public OpenChangeRequest withMarkdownBody(@Nullable String markdownBody) {
		return new OpenChangeRequest(this.branch, this.targetBranch, this.title, this.body, this.author, this.labels,
				markdownBody);
	}

	/**
	 * The description a forge's pull request gets.
	 */
	public String forgeBody() {
		return (this.markdownBody != null) ? this.markdownBody : this.body;
	}

}
