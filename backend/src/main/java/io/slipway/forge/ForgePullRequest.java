package io.slipway.forge;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A pull request (GitLab: merge request) as the forge reported it.
 *
 * @param id what {@link ForgeClient#get}, {@link ForgeClient#merge} and {@link ForgeClient#close}
 * take to find it again; store it as it is (today the number as text)
 * @param number the number people know it by: {@code #12} on GitHub and Gitea, {@code !12} on
 * GitLab
 * @param url the page people open in a browser (not the API URL)
 * @param state open, merged or closed
 * @param head the branch holding the change
 * @param base the branch it merges into
 * @param mergeCommit the commit the merge made on {@code base}; {@code null} until merged, and
 * when the forge does not report it
 */
public record ForgePullRequest(String id, int number, String url, State state, String head, String base,
		@Nullable String mergeCommit) {

	public ForgePullRequest {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(url, "url");
		Objects.requireNonNull(state, "state");
		Objects.requireNonNull(head, "head");
		Objects.requireNonNull(base, "base");
	}

	/**
	 * Where a pull request stands. Every forge's own states map onto these three.
	 */
	public enum State {

		/**
		 * Waiting for review or merge (GitLab's {@code locked}, a merge in progress, counts as open
		 * until it finishes).
		 */
		OPEN,

		/** Merged into its base branch; terminal. */
		MERGED,

		/** Closed without merging; its changes never reached the base branch. */
		CLOSED

	}

}
