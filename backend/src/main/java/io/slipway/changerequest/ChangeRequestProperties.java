package io.slipway.changerequest;

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
 */
@ConfigurationProperties("slipway.change-requests")
record ChangeRequestProperties(@DefaultValue("true") boolean requireReview, @DefaultValue("1") int approvals,
		@DefaultValue("true") boolean deleteMergedBranches) {

	ChangeRequestProperties {
		if (requireReview && approvals < 1) {
			throw new IllegalArgumentException("slipway.change-requests.approvals must be at least 1 while "
					+ "slipway.change-requests.require-review is true, was " + approvals);
		}
	}

	/**
	 * How many current approvals merging needs: 0 when review is not required.
	 */
	int approvalsRequired() {
		return this.requireReview ? this.approvals : 0;
	}

}
