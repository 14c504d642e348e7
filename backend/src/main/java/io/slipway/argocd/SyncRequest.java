package io.slipway.argocd;

import org.jspecify.annotations.Nullable;

/**
 * What to send with {@code POST .../sync}. An empty request syncs to the target revision.
 *
 * @param project the application's project, sent so that a missing app is 404 rather than 403
 * @param revision the revision to sync to, {@code null} for the target revision (Argo CD refuses
 * another revision while auto-sync is on)
 * @param prune whether to delete resources no longer in Git
 * @param dryRun whether to only report what would change
 */
public record SyncRequest(@Nullable String project, @Nullable String revision, boolean prune, boolean dryRun) {

	/**
	 * @param project the application's project
	 * @return a sync to the target revision with pruning, as auto-sync would do
	 */
	public static SyncRequest toTargetRevision(String project) {
		return new SyncRequest(project, null, true, false);
	}

}
