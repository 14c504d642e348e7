package io.slipway.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One recorded entry of the audit log.
 *
 * <p>
 * {@code hash} is the lower-case hex SHA-256 of the UTF-8 bytes of {@code prevHash + "\n" +
 * content}, where {@code content} is the canonical JSON (keys sorted, no whitespace)
 * {@code {"action":…,"actor":…,"details":…,"occurredAt":"yyyy-MM-ddTHH:mm:ss.SSSZ","seq":…,"subject":…}}.
 * The first entry's {@code prevHash} is 64 zeros. The export ({@code GET /api/v1/audit/export})
 * writes entries in exactly that canonical form so anyone can recompute the chain.
 *
 * @param seq position in the chain, starting at 1, without gaps
 * @param occurredAt when the entry was recorded, at millisecond precision
 * @param actor who did it
 * @param action what was done, dotted lower-case
 * @param subject what it was done to
 * @param details further facts, as stored
 * @param prevHash the previous entry's hash
 * @param hash this entry's hash
 */
public record AuditEntry(long seq, Instant occurredAt, String actor, String action, String subject,
		Map<String, Object> details, String prevHash, String hash) {

}
