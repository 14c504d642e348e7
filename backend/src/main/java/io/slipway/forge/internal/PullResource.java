package io.slipway.forge.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.slipway.forge.ForgePullRequest;
import org.jspecify.annotations.Nullable;

/**
 * A pull request as GitHub answers it; Gitea copied GitHub's shape for the fields Slipway reads
 * ({@code number}, {@code html_url}, {@code state} open|closed, {@code merged}, {@code merged_at},
 * {@code merge_commit_sha}, {@code head.ref}, {@code base.ref}), so both clients share it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record PullResource(int number, @JsonProperty("html_url") String htmlUrl, String state, boolean merged,
		@JsonProperty("merged_at") @Nullable String mergedAt,
		@JsonProperty("merge_commit_sha") @Nullable String mergeCommitSha, Branch head, Branch base) {

	ForgePullRequest toForgePullRequest() {
		// "closed" covers merged too; the single-pull endpoints say which with "merged"
		boolean isMerged = this.merged || this.mergedAt != null;
		ForgePullRequest.State mapped = "open".equals(this.state) ? ForgePullRequest.State.OPEN
				: isMerged ? ForgePullRequest.State.MERGED : ForgePullRequest.State.CLOSED;
		// before the merge GitHub fills merge_commit_sha with a test merge that never lands on base
		String mergeCommit = (mapped == ForgePullRequest.State.MERGED) ? this.mergeCommitSha : null;
		return new ForgePullRequest(Integer.toString(this.number), this.number, this.htmlUrl, mapped, this.head.ref(),
				this.base.ref(), mergeCommit);
	}

	/**
	 * The same pull request after a merge the forge just confirmed, which a read right after may
	 * not show yet.
	 */
	static ForgePullRequest merged(ForgePullRequest pull, @Nullable String mergeCommit) {
		return new ForgePullRequest(pull.id(), pull.number(), pull.url(), ForgePullRequest.State.MERGED, pull.head(),
				pull.base(), (mergeCommit != null) ? mergeCommit : pull.mergeCommit());
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Branch(String ref) {
	}

}
