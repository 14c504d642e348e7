package io.slipway.changerequest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The review policy of Slipway's own change requests ({@code slipway.change-requests.*}).
 *
 * @param requireReview whether merging needs approvals by someone other than the author; off
 * for repositories where one person works alone
 * @param approvals how many approvals of the head commit merging needs when review is required
 * @param deleteMergedBranches whether a merged branch is deleted (only while it still points at
 * the merged commit), so finished branches do not pile up in the infra repository
 * @param forgeRefresh with a forge: how long the state Slipway last read of an open pull request
 * is trusted before a view reads it again, so a list of fifty does not ask the forge fifty times
 * on every view
 * @param forgeRefreshWait with a forge: how long a view waits for fresh states before it shows the
 * stored ones (slower answers still update them for the next view)
 */
@ConfigurationProperties("slipway.change-requests")
record ChangeRequestProperties(@DefaultValue("true") boolean requireReview, @DefaultValue("1") int approvals,
		@DefaultValue("true") boolean deleteMergedBranches, @DefaultValue("30s") Duration forgeRefresh,
		@DefaultValue("3s") Duration forgeRefreshWait) {

	ChangeRequestProperties {
		if (requireReview && approvals < 1) {
			throw new IllegalArgumentException("slipway.change-requests.approvals must be at least 1 while "
					+ "slipway.change-requests.require-review is true, was " + approvals);
		}
		if (forgeRefresh.isNegative() || forgeRefreshWait.isNegative()) {
			throw new IllegalArgumentException("slipway.change-requests.forge-refresh and forge-refresh-wait must not"
					+ " be negative, were " + forgeRefresh + " and " + forgeRefreshWait);
		}
	}

	/**
	 * How many current approvals merging needs: 0 when review is not required.
	 */
	int approvalsRequired() {
		return this.requireReview ? this.approvals : 0;
	}

}
