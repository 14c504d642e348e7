package io.slipway.catalog;

import java.time.Instant;

import io.slipway.argocd.ArgoCdApplications.CacheState;
import io.slipway.argocd.ArgoCdApplications.Mode;
import org.jspecify.annotations.Nullable;

/**
 * How fresh the Argo CD state on a page is, in the terms the page shows: live, stale for so many
 * seconds, unreachable since when, or not connected at all.
 *
 * @param mode where the cache's data comes from
 * @param lastSyncedAt when the cache last matched Argo CD
 * @param unreachableSince since when Argo CD has not answered
 * @param lastError the last failure, with context
 * @param stalenessSeconds seconds since the cache last matched Argo CD, -1 before it ever did
 * @param applications applications cached
 */
record CacheView(Mode mode, @Nullable Instant lastSyncedAt, @Nullable Instant unreachableSince,
		@Nullable String lastError, long stalenessSeconds, int applications) {

	/**
	 * Argo CD's stream sends a keepalive every 15 s: three missed ones mean the data may be old.
	 */
	static final long STALE_AFTER_SECONDS = 45;

	static CacheView of(CacheState state, Instant now) {
		return new CacheView(state.mode(), state.lastSyncedAt(), state.unreachableSince(), state.lastError(),
				state.stalenessSeconds(now), state.applications());
	}

	public boolean configured() {
		return this.mode != Mode.NOT_CONFIGURED;
	}

	/**
	 * Whether the cache matched Argo CD at least once, so an application missing from it is
	 * missing in Argo CD rather than not read yet.
	 */
	public boolean hasData() {
		return configured() && this.lastSyncedAt != null;
	}

	/**
	 * @return what the page says, one of {@code NOT_CONFIGURED}, {@code UNREACHABLE},
	 * {@code CONNECTING}, {@code POLLING}, {@code STALE}, {@code LIVE}
	 */
	public String state() {
		if (!configured()) {
			return "NOT_CONFIGURED";
		}
		if (this.unreachableSince != null) {
			return "UNREACHABLE";
		}
		if (this.lastSyncedAt == null) {
			return "CONNECTING";
		}
		if (this.stalenessSeconds > STALE_AFTER_SECONDS) {
			return "STALE";
		}
		return (this.mode == Mode.POLLING) ? "POLLING" : "LIVE";
	}

}
