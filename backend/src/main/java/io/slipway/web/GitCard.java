package io.slipway.web;

import org.jspecify.annotations.Nullable;

/**
 * The Git connection as the overview shows it.
 *
 * @param state connected when the infra repository answered its last check
 * @param remoteUrl where the infra repository lives, without credentials; {@code null} when not
 * even that could be read
 * @param embedded whether it is the repository Slipway keeps in its data directory
 * @param branch the main branch Slipway reads and writes
 * @param headShortId abbreviated id of the branch head, {@code null} while the branch has no
 * commit
 * @param headId the full id, for copying and the tooltip
 * @param headMessage the head commit's first line
 * @param headAuthor who the head commit is attributed to
 * @param headTime when the head commit was made
 * @param lastFetch when Slipway last fetched from the remote
 * @param lastError the last error talking to the remote, with context
 * @param lastErrorTime when that error happened
 */
record GitCard(ConnectionState state, @Nullable String remoteUrl, boolean embedded, String branch,
		@Nullable String headShortId, @Nullable String headId, @Nullable String headMessage,
		@Nullable String headAuthor, @Nullable DisplayTime headTime, @Nullable DisplayTime lastFetch,
		@Nullable String lastError, @Nullable DisplayTime lastErrorTime) {

	/**
	 * The last segment of the remote URL ({@code infra.git}), to name a repository whose full URL
	 * is a long local path. Public because templates read it through SpEL.
	 */
	public @Nullable String repositoryName() {
		if (this.remoteUrl == null) {
			return null;
		}
		String trimmed = this.remoteUrl.replaceAll("/+$", "");
		return trimmed.substring(trimmed.lastIndexOf('/') + 1);
	}

}
