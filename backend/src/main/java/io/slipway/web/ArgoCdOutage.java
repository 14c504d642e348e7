package io.slipway.web;

import io.slipway.argocd.ArgoCdApplications.CacheState;
import org.jspecify.annotations.Nullable;

/**
 * What the banner on every page says while Argo CD cannot be reached: since when, and how old the
 * health and sync shown are, so that nobody mistakes a frozen view for a quiet one.
 *
 * @param since when Argo CD stopped answering
 * @param lastSynced when the shown application state last matched Argo CD, {@code null} if never
 * @param error the last error with context, {@code null} when none was recorded
 */
record ArgoCdOutage(DisplayTime since, @Nullable DisplayTime lastSynced, @Nullable String error) {

	static @Nullable ArgoCdOutage of(CacheState state) {
		DisplayTime since = DisplayTime.of(state.unreachableSince());
		return (since != null) ? new ArgoCdOutage(since, DisplayTime.of(state.lastSyncedAt()), state.lastError()) : null;
	}

}
