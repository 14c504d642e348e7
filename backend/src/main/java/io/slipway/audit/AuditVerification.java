package io.slipway.audit;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of walking the whole audit chain: every hash recomputed, every link to the previous
 * entry checked, and the last entry checked against the chain head.
 *
 * @param valid whether nothing was edited, deleted or reordered
 * @param entries how many entries the chain holds
 * @param firstBrokenSeq the first position where the chain does not hold (an altered entry, the
 * entry after a deleted one, or the first missing entry at the end); {@code null} when valid
 */
public record AuditVerification(boolean valid, long entries, @Nullable Long firstBrokenSeq) {

	static AuditVerification intact(long entries) {
		return new AuditVerification(true, entries, null);
	}

	static AuditVerification brokenAt(long entries, long seq) {
		return new AuditVerification(false, entries, seq);
	}

}
