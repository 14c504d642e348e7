package io.slipway.gitops;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The health of the connection to the infra repository, for the overview page.
 *
 * @param reachable whether the remote answered the latest check (a fetch)
 * @param remoteUrl where the repository lives, without credentials
 * @param embedded whether it is the embedded repository in the data directory
 * @param branch the main branch
 * @param head the main branch's tip as last fetched, or {@code null} while it has no commits
 * @param lastFetchAt when a fetch last succeeded since start-up, or {@code null}
 * @param lastError the latest failure talking to the remote, or {@code null}
 * @param lastErrorAt when that failure happened, or {@code null}
 */
public record RepositoryStatus(boolean reachable, String remoteUrl, boolean embedded, String branch,
		@Nullable CommitSummary head, @Nullable Instant lastFetchAt, @Nullable String lastError,
		@Nullable Instant lastErrorAt) {
}
