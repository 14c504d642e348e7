package io.slipway.forge;

import reactor.core.publisher.Mono;

/**
 * Opens, reads, merges and closes pull requests on the configured forge (GitHub, GitLab merge
 * requests, Gitea) in the one repository of {@code slipway.forge.repository}.
 * <p>
 * Every call is one or a few HTTP requests and never blocks. Each HTTP request fails after
 * {@code slipway.forge.timeout}. Failures arrive as error signals carrying a
 * {@link ForgeException} subtype whose message names the forge, the HTTP status and the forge's
 * own words, and never the token:
 * <ul>
 * <li>{@link ForgeAuthenticationException}: the token was refused or lacks a permission;</li>
 * <li>{@link ForgeNotFoundException}: the repository or pull request does not exist (or the token
 * cannot see it);</li>
 * <li>{@link ForgeConflictException}: a pull request for the branch already exists, or it cannot
 * be merged (conflicts, checks, head moved);</li>
 * <li>{@link ForgeUnavailableException}: no answer, a timeout or a server error; worth a retry;</li>
 * <li>{@link ForgeRequestRejectedException}: any other refusal, e.g. no commits between the
 * branches.</li>
 * </ul>
 * A bean of this type exists only when a forge is configured; see {@link Forges}.
 */
public interface ForgeClient {

	/**
	 * Opens a pull request from {@code head} into {@code base} and labels it.
	 * <p>
	 * Labels are best effort: the pull request is what matters, so a label the forge does not
	 * know (Gitea) or a failure to label it is logged, not raised.
	 * @param request what to open
	 * @return the new pull request, {@link ForgePullRequest.State#OPEN}
	 */
	Mono<ForgePullRequest> open(OpenPullRequest request);

	/**
	 * Reads the current state of a pull request, e.g. to notice a merge done in the forge's UI.
	 * @param id the {@link ForgePullRequest#id()} the forge gave when it was opened
	 * @return the pull request as the forge sees it now
	 */
	Mono<ForgePullRequest> get(String id);

	/**
	 * Merges a pull request with a merge commit.
	 * @param id the {@link ForgePullRequest#id()}
	 * @param commitTitle the title of the merge commit
	 * @return the merged pull request with its merge commit when the forge reports one
	 */
	Mono<ForgePullRequest> merge(String id, String commitTitle);

	/**
	 * Closes a pull request without merging it; its branch stays.
	 * @param id the {@link ForgePullRequest#id()}
	 * @return the closed pull request
	 */
	Mono<ForgePullRequest> close(String id);

	/**
	 * Replaces the description of a pull request, e.g. to keep the evidence it lists current
	 * while the change waits for review. Only the description changes: title, state and branches
	 * stay as they are.
	 * @param id the {@link ForgePullRequest#id()}
	 * @param body the new description (Markdown)
	 * @return the pull request as the forge answers after the change
	 */
	Mono<ForgePullRequest> updateDescription(String id, String body);

}
