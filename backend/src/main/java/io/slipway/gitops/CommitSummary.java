package io.slipway.gitops;

import java.time.Instant;

/**
 * The facts about a commit a page shows next to a branch.
 *
 * @param id the full commit id
 * @param shortMessage the first line of the message
 * @param authorName who the commit is attributed to
 * @param time when it was committed
 */
public record CommitSummary(String id, String shortMessage, String authorName, Instant time) {

	/**
	 * The first seven characters of the id, as Git shows them.
	 */
	public String abbreviatedId() {
		return this.id.substring(0, Math.min(7, this.id.length()));
	}

}
