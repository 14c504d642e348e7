package io.slipway.gitops;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Slipway reaches the infra repository ({@code slipway.git.*}).
 * <p>
 * Without a {@code url} Slipway keeps an embedded bare repository in
 * {@code <slipway.data-dir>/infra.git}, so a first run needs no Git server. Credentials are
 * only used for HTTP(S) remotes and never appear in {@link #toString()}, logs or error messages.
 *
 * @param url the remote ({@code https://...}, {@code http://...} or {@code file://...}); absent
 * means the embedded repository
 * @param branch the main branch, the one Argo CD follows
 * @param username the HTTP user name; many hosts accept any name with a token
 * @param token the HTTP password or access token
 * @param mode how changes reach the main branch; carried for the promotion flow
 * @param timeout how long one network operation may wait for the remote before it fails
 * @param pushAttempts how many times a commit is re-applied and pushed while other writers move
 * the branch, before giving up
 * @param authorName the committer name of every commit, and the author when a request has none
 * @param authorEmail the committer e-mail of every commit, and the author's when a request has none
 */
@ConfigurationProperties("slipway.git")
public record GitOpsProperties(@Nullable String url, @DefaultValue("main") String branch,
		@Nullable String username, @Nullable String token, @DefaultValue("change-request") Mode mode,
		@DefaultValue("20s") Duration timeout, @DefaultValue("5") int pushAttempts,
		@DefaultValue("Slipway") String authorName, @DefaultValue("slipway@localhost") String authorEmail) {

	public GitOpsProperties {
		url = blankToNull(url);
		username = blankToNull(username);
		token = blankToNull(token);
		if (branch.isBlank()) {
			throw new IllegalArgumentException("slipway.git.branch must not be blank");
		}
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("slipway.git.timeout must be positive, was " + timeout);
		}
		if (pushAttempts < 1) {
			throw new IllegalArgumentException("slipway.git.push-attempts must be at least 1, was " + pushAttempts);
		}
	}

	/**
	 * The defaults of {@code application.yml} for the given remote, handy for wiring by hand.
	 */
	public static GitOpsProperties forRemote(@Nullable String url) {
		return new GitOpsProperties(url, "main", null, null, Mode.CHANGE_REQUEST, Duration.ofSeconds(20), 5, "Slipway",
				"slipway@localhost");
	}

	/**
	 * The identity Slipway commits as.
	 */
	public CommitAuthor defaultAuthor() {
		return new CommitAuthor(this.authorName, this.authorEmail);
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	// Records print every component; the token must never reach a log line.
	@Override
	public String toString() {
		return "GitOpsProperties[url=" + this.url + ", branch=" + this.branch + ", username=" + this.username
				+ ", token=" + ((this.token != null) ? "****" : "none") + ", mode=" + this.mode + ", timeout="
				+ this.timeout + ", pushAttempts=" + this.pushAttempts + ", authorName=" + this.authorName
				+ ", authorEmail=" + this.authorEmail + "]";
	}

	/**
	 * How a promotion's change reaches the main branch.
	 */
	public enum Mode {

		/**
		 * Changes go to a branch and wait for a change request (pull/merge request) to be merged,
		 * so a human or the host's branch protection has the last word.
		 */
		CHANGE_REQUEST,

		/**
		 * Changes are committed straight to the main branch; for repositories without review.
		 */
		DIRECT

	}

}
