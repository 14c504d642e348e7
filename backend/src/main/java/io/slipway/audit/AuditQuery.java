package io.slipway.audit;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Which audit entries to read, newest first. Blank filters mean "any".
 *
 * @param actor only entries by this actor (exact match)
 * @param action only this action, or every action under it: {@code token} matches
 * {@code token.created} and {@code token.revoked}
 * @param since only entries that occurred at or after this instant
 * @param until only entries that occurred before this instant
 * @param limit how many entries at most, 1 to {@value #MAX_LIMIT} (values outside are clamped)
 * @param offset how many matching entries to skip, counting from the newest
 */
public record AuditQuery(@Nullable String actor, @Nullable String action, @Nullable Instant since,
		@Nullable Instant until, int limit, long offset) {

	/** Page size when none is asked for. */
	public static final int DEFAULT_LIMIT = 50;

	/** The most entries one query returns, so one request cannot read the whole log at once. */
	public static final int MAX_LIMIT = 500;

	public AuditQuery {
		actor = blankToNull(actor);
		action = blankToNull(action);
		limit = Math.max(1, Math.min(MAX_LIMIT, limit));
		offset = Math.max(0, offset);
	}

	/**
	 * The newest entries, unfiltered.
	 * @param limit how many
	 * @return the query
	 */
	public static AuditQuery newest(int limit) {
		return new AuditQuery(null, null, null, null, limit, 0);
	}

	/**
	 * @param actor only entries by this actor; blank for any
	 * @return this query with the actor filter replaced
	 */
	public AuditQuery withActor(@Nullable String actor) {
		return new AuditQuery(actor, this.action, this.since, this.until, this.limit, this.offset);
	}

	/**
	 * @param action only this action or the actions under it; blank for any
	 * @return this query with the action filter replaced
	 */
	public AuditQuery withAction(@Nullable String action) {
		return new AuditQuery(this.actor, action, this.since, this.until, this.limit, this.offset);
	}

	/**
	 * @param since inclusive lower bound, or {@code null}
	 * @param until exclusive upper bound, or {@code null}
	 * @return this query with the time window replaced
	 */
	public AuditQuery between(@Nullable Instant since, @Nullable Instant until) {
		return new AuditQuery(this.actor, this.action, since, until, this.limit, this.offset);
	}

	/**
	 * The given page of {@link #limit()} entries, 0 being the newest.
	 * @param page the page number, from 0
	 * @return the query
	 */
	public AuditQuery page(int page) {
		return new AuditQuery(this.actor, this.action, this.since, this.until, this.limit,
				(long) Math.max(0, page) * this.limit);
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
