package io.slipway.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hash chain in the database. Blocking JDBC: {@link AuditLog} is the reactive edge that calls
 * it off the event loop.
 *
 * <p>
 * Appends serialize on the single {@code audit_chain_head} row ({@code SELECT ... FOR UPDATE}),
 * which is what keeps several Slipway replicas sharing one database from forking the chain: a
 * lock in this JVM would not.
 */
class AuditChain {

	private static final Logger log = LoggerFactory.getLogger(AuditChain.class);

	static final int BATCH_SIZE = 500;

	private static final String COLUMNS = "seq, occurred_at, actor, action, subject, details, prev_hash, hash";

	private static final RowMapper<Row> ROW = AuditChain::mapRow;

	private static final RowMapper<Head> HEAD = (rs, rowNum) -> new Head(rs.getLong("last_seq"),
			rs.getString("last_hash"));

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	AuditChain(DataSource dataSource, PlatformTransactionManager transactionManager, Clock clock) {
		this.jdbc = JdbcClient.create(dataSource);
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	/**
	 * Appends one entry, joining the caller's transaction when there is one so the entry commits
	 * or rolls back with the write it records.
	 */
	AuditEntry append(AuditableEvent event) {
		String actor = column(required(event.actor(), "actor", event), 255);
		String action = column(required(event.action(), "action", event), 100);
		String subject = column(Objects.requireNonNullElse(event.subject(), ""), 1000);
		Map<String, Object> details = Objects.requireNonNullElse(event.details(), Map.of());
		String detailsJson = CanonicalJson.write(details);
		AuditEntry entry = this.transactions.execute(status -> {
			Head head = lockHead();
			long seq = head.lastSeq() + 1;
			Instant occurredAt = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
			String hash = ChainHash.hash(head.lastHash(),
					ChainHash.content(seq, occurredAt, actor, action, subject, detailsJson));
			this.jdbc.sql("INSERT INTO audit_entry (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
				.params(seq, utc(occurredAt), actor, action, subject, detailsJson, head.lastHash(), hash)
				.update();
			this.jdbc.sql("UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1")
				.params(seq, hash)
				.update();
			return new AuditEntry(seq, occurredAt, actor, action, subject, CanonicalJson.readObject(detailsJson),
					head.lastHash(), hash);
		});
		return Objects.requireNonNull(entry);
	}

	List<AuditEntry> find(AuditQuery query) {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_entry WHERE 1 = 1");
		Map<String, Object> params = new LinkedHashMap<>();
		if (query.actor() != null) {
			sql.append(" AND actor = :actor");
			params.put("actor", query.actor());
		}
		if (query.action() != null) {
			sql.append(" AND (action = :action OR action LIKE :actionPrefix ESCAPE '!')");
			params.put("action", query.action());
			params.put("actionPrefix", likeLiteral(query.action()) + ".%");
		}
		if (query.since() != null) {
			sql.append(" AND occurred_at >= :since");
			params.put("since", utc(query.since()));
		}
		if (query.until() != null) {
			sql.append(" AND occurred_at < :until");
			params.put("until", utc(query.until()));
		}
		sql.append(" ORDER BY seq DESC LIMIT :limit OFFSET :offset");
		params.put("limit", query.limit());
		params.put("offset", query.offset());
		return this.jdbc.sql(sql.toString()).params(params).query(ROW).list().stream().map(Row::toEntry).toList();
	}

	/**
	 * Walks the chain oldest first in batches (memory stays flat however long the log is),
	 * recomputing each hash and checking each link, then checks the end against the head.
	 */
	AuditVerification verify() {
		Optional<Head> head = readHead();
		// Entries appended after this point are not part of what is being verified.
		long bound = head.map(Head::lastSeq).orElse(Long.MAX_VALUE);
		long expectedSeq = 1;
		String expectedPrev = ChainHash.GENESIS;
		long entries = 0;
		Long broken = null;
		List<Row> batch = rowsAfter(0, bound);
		while (!batch.isEmpty()) {
			for (Row row : batch) {
				entries++;
				if (broken != null) {
					continue;
				}
				if (row.seq() != expectedSeq) {
					// seq is gapless by construction, so the expected one was deleted (or moved).
					broken = expectedSeq;
				}
				else if (!row.prevHash().equals(expectedPrev) || !row.recomputedHash().equals(row.hash())) {
					broken = row.seq();
				}
				expectedSeq = row.seq() + 1;
				expectedPrev = row.hash();
			}
			batch = rowsAfter(batch.get(batch.size() - 1).seq(), bound);
		}
		if (broken == null) {
			broken = checkEnd(head, expectedSeq - 1, expectedPrev);
		}
		if (broken != null) {
			log.warn("Audit chain verification failed: first broken entry is #{} of {}", broken, entries);
			return AuditVerification.brokenAt(entries, broken);
		}
		return AuditVerification.intact(entries);
	}

	private @Nullable Long checkEnd(Optional<Head> head, long lastSeq, String lastHash) {
		if (head.isEmpty()) {
			return lastSeq + 1;
		}
		if (lastSeq != head.get().lastSeq()) {
			// The newest entries are gone: the chain was cut short at its end.
			return lastSeq + 1;
		}
		if (!lastHash.equals(head.get().lastHash())) {
			return lastSeq;
		}
		// Read the highest seq before the head again: an append writes both in one transaction,
		// so an entry above the head it committed with was not appended through the chain.
		Long maxSeq = this.jdbc.sql("SELECT MAX(seq) FROM audit_entry").query(Long.class).optional().orElse(null);
		long headSeq = readHead().map(Head::lastSeq).orElse(lastSeq);
		if (maxSeq != null && maxSeq > headSeq) {
			return headSeq + 1;
		}
		return null;
	}

	/**
	 * One batch of the export, oldest first: each line is the entry's canonical content plus
	 * {@code prevHash} and {@code hash}, with the details exactly as stored.
	 */
	List<ExportedLine> exportAfter(long afterSeq) {
		return rowsAfter(afterSeq, Long.MAX_VALUE).stream()
			.map(row -> new ExportedLine(row.seq(), row.exportLine()))
			.toList();
	}

	private List<Row> rowsAfter(long afterSeq, long maxSeq) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM audit_entry WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?")
			.params(afterSeq, maxSeq, BATCH_SIZE)
			.query(ROW)
			.list();
	}

	private Head lockHead() {
		return this.jdbc.sql("SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE")
			.query(HEAD)
			.optional()
			.orElseThrow(() -> new IllegalStateException(
					"error appending to the audit chain: its head row (audit_chain_head id 1) is missing"));
	}

	private Optional<Head> readHead() {
		return this.jdbc.sql("SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1").query(HEAD).optional();
	}

	private static Row mapRow(ResultSet rs, int rowNum) throws SQLException {
		return new Row(rs.getLong("seq"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
				rs.getString("actor"), rs.getString("action"), rs.getString("subject"), rs.getString("details"),
				rs.getString("prev_hash"), rs.getString("hash"));
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static String required(@Nullable String value, String name, AuditableEvent event) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(
					"error recording audit event " + event.getClass().getName() + ": " + name + " is blank");
		}
		return value;
	}

	/**
	 * Fits a value to its column. A NUL or a lone surrogate cannot be stored as text on
	 * PostgreSQL (or would come back altered and break the hash), so both become U+FFFD; an
	 * overlong value is cut rather than losing the entry.
	 */
	private static String column(String value, int maxLength) {
		StringBuilder out = new StringBuilder(Math.min(value.length(), maxLength));
		for (int i = 0; i < value.length() && out.length() < maxLength; i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				if (out.length() + 2 > maxLength) {
					break;
				}
				out.append(c).append(value.charAt(++i));
			}
			else if (c == '\0' || Character.isSurrogate(c)) {
				out.append('\uFFFD');
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

	private static String likeLiteral(String value) {
		return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
	}

	record ExportedLine(long seq, String line) {
	}

	private record Head(long lastSeq, String lastHash) {
	}

	private record Row(long seq, Instant occurredAt, String actor, String action, String subject, String details,
			String prevHash, String hash) {

		String recomputedHash() {
			return ChainHash.hash(this.prevHash,
					ChainHash.content(this.seq, this.occurredAt, this.actor, this.action, this.subject, this.details));
		}

		String exportLine() {
			return ChainHash.exportLine(this.seq, this.occurredAt, this.actor, this.action, this.subject, this.details,
					this.prevHash, this.hash);
		}

		AuditEntry toEntry() {
			return new AuditEntry(this.seq, this.occurredAt, this.actor, this.action, this.subject,
					CanonicalJson.readObject(this.details), this.prevHash, this.hash);
		}

	}

}
