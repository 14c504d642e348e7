package io.slipway.changerequest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The {@code change_request} and {@code change_request_approval} tables. State changes are
 * conditional on the change request still being open, so two people merging at once cannot both
 * succeed. Blocking; callers run it off the event loop.
 */
@Repository
class ChangeRequestRepository {

	private static final String COLUMNS = "id, title, body, source_branch, target_branch, author, state, created_at,"
			+ " updated_at, head_commit, merged_by, merged_at, merge_commit, merge_base_commit, closed_by, closed_at,"
			+ " forge, forge_repository, forge_id, forge_number, forge_url";

	private final JdbcClient jdbc;

	ChangeRequestRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Stores a new open change request.
	 *
	 * @throws DuplicateKeyException when the branch already has an open change request
	 */
	Row insert(String title, String body, String sourceBranch, String targetBranch, String author, String headCommit,
			Instant now) {
		return insert(title, body, sourceBranch, targetBranch, author, headCommit, now, null);
	}

	/**
	 * Stores a new open change request, on a forge when {@code pull} is given.
	 *
	 * @throws DuplicateKeyException when the branch already has an open change request, or the
	 * pull request is stored already
	 */
	Row insert(String title, String body, String sourceBranch, String targetBranch, String author, String headCommit,
			Instant now, @Nullable ForgePull pull) {
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO change_request (title, body, source_branch, target_branch, author, state, created_at,"
					+ " updated_at, head_commit, open_source_branch, forge, forge_repository, forge_id, forge_number,"
					+ " forge_url) VALUES (:title, :body, :source, :target, :author, 'OPEN', :now, :now, :head, :source,"
					+ " :forge, :forgeRepository, :forgeId, :forgeNumber, :forgeUrl)")
			.param("title", title)
			.param("body", body)
			.param("source", sourceBranch)
			.param("target", targetBranch)
			.param("author", author)
			.param("now", utc(now))
			.param("head", headCommit)
			.param("forge", (pull != null) ? pull.forge() : null, Types.VARCHAR)
			.param("forgeRepository", (pull != null) ? pull.repository() : null, Types.VARCHAR)
			.param("forgeId", (pull != null) ? pull.id() : null, Types.VARCHAR)
			.param("forgeNumber", (pull != null) ? pull.number() : null, Types.INTEGER)
			.param("forgeUrl", (pull != null) ? pull.url() : null, Types.VARCHAR)
			.update(key, "id");
		Number id = key.getKey();
		if (id == null) {
			throw new IllegalStateException("the database returned no id for the new change request");
		}
		return new Row(id.longValue(), title, body, sourceBranch, targetBranch, author, ChangeRequestState.OPEN, now,
				now, headCommit, null, null, null, null, null, null, pull);
	}

	Optional<Row> findById(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM change_request WHERE id = :id")
			.param("id", id)
			.query(ChangeRequestRepository::toRow)
			.optional();
	}

	Optional<Row> findOpenBySourceBranch(String branch) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM change_request WHERE open_source_branch = :branch")
			.param("branch", branch)
			.query(ChangeRequestRepository::toRow)
			.optional();
	}

	/**
	 * Change requests in a state (all when {@code null}), newest first.
	 */
	List<Row> findAll(@Nullable ChangeRequestState state) {
		if (state == null) {
			return this.jdbc.sql("SELECT " + COLUMNS + " FROM change_request ORDER BY id DESC")
				.query(ChangeRequestRepository::toRow)
				.list();
		}
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM change_request WHERE state = :state ORDER BY id DESC")
			.param("state", state.name())
			.query(ChangeRequestRepository::toRow)
			.list();
	}

	/**
	 * How many change requests are in each state (every state present, possibly with 0).
	 */
	Map<ChangeRequestState, Long> countByState() {
		Map<ChangeRequestState, Long> counts = new EnumMap<>(ChangeRequestState.class);
		for (ChangeRequestState state : ChangeRequestState.values()) {
			counts.put(state, 0L);
		}
		this.jdbc.sql("SELECT state, COUNT(*) AS n FROM change_request GROUP BY state")
			.query((rs) -> {
				counts.put(ChangeRequestState.valueOf(rs.getString("state")), rs.getLong("n"));
			});
		return counts;
	}

	/**
	 * The approvals of these change requests, oldest first, by change request.
	 */
	Map<Long, List<StoredApproval>> approvalsOf(Collection<Long> ids) {
		Map<Long, List<StoredApproval>> approvals = new LinkedHashMap<>();
		if (ids.isEmpty()) {
			return approvals;
		}
		this.jdbc
			.sql("SELECT change_request_id, approver, approved_at, head_commit FROM change_request_approval"
					+ " WHERE change_request_id IN (:ids) ORDER BY approved_at, approver")
			.param("ids", List.copyOf(ids))
			.query((rs) -> {
				approvals.computeIfAbsent(rs.getLong("change_request_id"), (id) -> new ArrayList<>())
					.add(new StoredApproval(rs.getString("approver"), instant(rs, "approved_at"),
							rs.getString("head_commit")));
			});
		return approvals;
	}

	/**
	 * Records {@code approver}'s approval of {@code headCommit}, replacing an earlier approval of
	 * theirs. Returns false when they had approved this very commit already (nothing changed).
	 */
	boolean approve(long id, String approver, String headCommit, Instant now) {
		int updated = this.jdbc
			.sql("UPDATE change_request_approval SET approved_at = :now, head_commit = :head"
					+ " WHERE change_request_id = :id AND approver = :approver AND head_commit <> :head")
			.param("now", utc(now))
			.param("head", headCommit)
			.param("id", id)
			.param("approver", approver)
			.update();
		if (updated > 0) {
			return true;
		}
		int existing = this.jdbc
			.sql("SELECT COUNT(*) FROM change_request_approval WHERE change_request_id = :id AND approver = :approver")
			.param("id", id)
			.param("approver", approver)
			.query(Integer.class)
			.single();
		if (existing > 0) {
			return false;
		}
		this.jdbc
			.sql("INSERT INTO change_request_approval (change_request_id, approver, approved_at, head_commit)"
					+ " VALUES (:id, :approver, :now, :head)")
			.param("id", id)
			.param("approver", approver)
			.param("now", utc(now))
			.param("head", headCommit)
			.update();
		return true;
	}

	/**
	 * Replaces an open change request's description; false when it was not open any more.
	 */
	boolean updateBody(long id, String body, Instant now) {
		return this.jdbc.sql("UPDATE change_request SET body = :body, updated_at = :now WHERE id = :id AND state = 'OPEN'")
			.param("body", body)
			.param("now", utc(now))
			.param("id", id)
			.update() == 1;
	}

	/**
	 * Moves an open change request's recorded head, e.g. when an approval saw a newer commit.
	 */
	void updateHead(long id, String headCommit, Instant now) {
		this.jdbc
			.sql("UPDATE change_request SET head_commit = :head, updated_at = :now WHERE id = :id AND state = 'OPEN'")
			.param("head", headCommit)
			.param("now", utc(now))
			.param("id", id)
			.update();
	}

	/**
	 * Marks an open change request merged; false when it was not open any more. Who merged it,
	 * the merge commit and the base are unknown when a forge merged it without Slipway.
	 */
	boolean markMerged(long id, @Nullable String mergedBy, Instant now, String headCommit,
			@Nullable String mergeCommit, @Nullable String mergeBaseCommit) {
		return this.jdbc
			.sql("UPDATE change_request SET state = 'MERGED', open_source_branch = NULL, merged_by = :by,"
					+ " merged_at = :now, updated_at = :now, head_commit = :head, merge_commit = :merge,"
					+ " merge_base_commit = :base WHERE id = :id AND state = 'OPEN'")
			.param("by", mergedBy, Types.VARCHAR)
			.param("now", utc(now))
			.param("head", headCommit)
			.param("merge", mergeCommit, Types.VARCHAR)
			.param("base", mergeBaseCommit, Types.VARCHAR)
			.param("id", id)
			.update() == 1;
	}

	/**
	 * Marks an open change request closed; false when it was not open any more. Who closed it is
	 * unknown when it was closed on its forge.
	 */
	boolean markClosed(long id, @Nullable String closedBy, Instant now, String headCommit) {
		return this.jdbc
			.sql("UPDATE change_request SET state = 'CLOSED', open_source_branch = NULL, closed_by = :by,"
					+ " closed_at = :now, updated_at = :now, head_commit = :head WHERE id = :id AND state = 'OPEN'")
			.param("by", closedBy, Types.VARCHAR)
			.param("now", utc(now))
			.param("head", headCommit)
			.param("id", id)
			.update() == 1;
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static Row toRow(ResultSet rs, int row) throws SQLException {
		return new Row(rs.getLong("id"), rs.getString("title"), rs.getString("body"), rs.getString("source_branch"),
				rs.getString("target_branch"), rs.getString("author"), ChangeRequestState.valueOf(rs.getString("state")),
				instant(rs, "created_at"), instant(rs, "updated_at"), rs.getString("head_commit"),
				rs.getString("merged_by"), instant(rs, "merged_at"), rs.getString("merge_commit"),
				rs.getString("merge_base_commit"), rs.getString("closed_by"), instant(rs, "closed_at"), forgePull(rs));
	}

	private static @Nullable ForgePull forgePull(ResultSet rs) throws SQLException {
		String forge = rs.getString("forge");
		if (forge == null) {
			return null;
		}
		return new ForgePull(forge, rs.getString("forge_repository"), rs.getString("forge_id"), rs.getInt("forge_number"),
				rs.getString("forge_url"));
	}

	/**
	 * A stored change request, without its approvals; {@code pull} is set when it lives on a forge.
	 */
	record Row(long id, String title, String body, String sourceBranch, String targetBranch, String author,
			ChangeRequestState state, Instant createdAt, Instant updatedAt, String headCommit,
			@Nullable String mergedBy, @Nullable Instant mergedAt, @Nullable String mergeCommit,
			@Nullable String mergeBaseCommit, @Nullable String closedBy, @Nullable Instant closedAt,
			@Nullable ForgePull pull) {
	}

	/**
	 * The forge's pull (merge) request a change request is.
	 *
	 * @param forge the forge's {@code slipway.forge.type} key, e.g. {@code github}
	 * @param repository the repository on the forge, as {@code slipway.forge.repository} named it
	 * @param id what the forge client finds it by
	 * @param number the number people know it by
	 * @param url its page on the forge
	 */
	record ForgePull(String forge, String repository, String id, int number, String url) {
	}

	/**
	 * A stored approval.
	 */
	record StoredApproval(String approver, Instant approvedAt, String headCommit) {
	}

}
