package io.slipway.promotion;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The promotion tables (V5): promotions, their steps, checklist items and votes, plus the holds
 * and quarantined releases promotions are refused for. Blocking; callers run it off the event loop.
 */
@Repository
class PromotionRepository {

	private final JdbcClient jdbc;

	PromotionRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The columns of one promotion row. */
	record Row(long id, String service, String source, String target, String imageTag, @Nullable String sourceRevision,
			String imageName, @Nullable String previousTag, String targetOverlay, PromotionPhase phase,
			@Nullable String phaseMessage, String requestedBy, Instant createdAt, Instant updatedAt,
			@Nullable Instant finishedAt, @Nullable String branch, @Nullable String commitId,
			@Nullable Long changeRequestId, @Nullable String mergeRequestedBy, @Nullable String mergeCommit,
			@Nullable String healthWaivedBy, @Nullable String healthWaiverReason) {

		Candidate candidate() {
			return new Candidate(this.imageName, this.imageTag, this.sourceRevision);
		}

	}

	static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

	long insert(String service, String source, String target, Candidate candidate, @Nullable String previousTag,
			String targetOverlay, String requestedBy, List<String> checklist) {
		Instant now = now();
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO promotion (service, source_environment, target_environment, image_tag, source_revision,"
					+ " image_name, previous_tag, target_overlay, phase, requested_by, created_at, updated_at, open_key)"
					+ " VALUES (:service, :source, :target, :tag, :revision, :image, :previous, :overlay, 'Pending',"
					+ " :requestedBy, :now, :now, :openKey)")
			.param("service", service)
			.param("source", source)
			.param("target", target)
			.param("tag", candidate.imageTag())
			.param("revision", candidate.revision())
			.param("image", candidate.image())
			.param("previous", previousTag)
			.param("overlay", targetOverlay)
			.param("requestedBy", requestedBy)
			.param("now", timestamp(now))
			.param("openKey", service + "/" + target)
			.update(keys, "id");
		long id = keys.getKeyAs(Number.class).longValue();
		this.jdbc.sql("UPDATE promotion SET branch = :branch WHERE id = :id")
			.param("branch", "promote/" + service + "-" + target + "-" + id)
			.param("id", id)
			.update();
		PromotionStepKind[] kinds = PromotionStepKind.values();
		for (int i = 0; i < kinds.length; i++) {
			this.jdbc.sql("INSERT INTO promotion_step (promotion_id, position, kind, status) VALUES (:id, :position, :kind, 'PENDING')")
				.param("id", id)
				.param("position", i)
				.param("kind", kinds[i].name())
				.update();
		}
		for (int i = 0; i < checklist.size(); i++) {
			this.jdbc
				.sql("INSERT INTO promotion_checklist_item (promotion_id, position, label, checked) VALUES (:id, :position, :label, FALSE)")
				.param("id", id)
				.param("position", i + 1)
				.param("label", checklist.get(i))
				.update();
		}
		return id;
	}

	Optional<Row> find(long id) {
		return this.jdbc.sql("SELECT * FROM promotion WHERE id = :id").param("id", id).query(PromotionRepository::row).optional();
	}

	Optional<Row> findOpen(String service, String target) {
		return this.jdbc.sql("SELECT * FROM promotion WHERE open_key = :key")
			.param("key", service + "/" + target)
			.query(PromotionRepository::row)
			.optional();
	}

	List<Row> findOpen() {
		return this.jdbc.sql("SELECT * FROM promotion WHERE open_key IS NOT NULL ORDER BY id")
			.query(PromotionRepository::row)
			.list();
	}

	/** Newest first, filtered by whatever is not null. */
	List<Row> search(@Nullable String service, @Nullable String environment, @Nullable PromotionPhase phase,
			@Nullable String requester, int limit) {
		StringBuilder sql = new StringBuilder("SELECT * FROM promotion WHERE 1 = 1");
		List<Object> params = new ArrayList<>();
		if (service != null) {
			sql.append(" AND service = ?");
			params.add(service);
		}
		if (environment != null) {
			sql.append(" AND (target_environment = ? OR source_environment = ?)");
			params.add(environment);
			params.add(environment);
		}
		if (phase != null) {
			sql.append(" AND phase = ?");
			params.add(phase.name());
		}
		if (requester != null) {
			sql.append(" AND requested_by = ?");
			params.add(requester);
		}
		sql.append(" ORDER BY id DESC LIMIT ").append(limit);
		return this.jdbc.sql(sql.toString()).params(params).query(PromotionRepository::row).list();
	}

	/** Moves to a phase; a terminal phase also frees the service/environment for the next promotion. */
	boolean updatePhase(long id, PromotionPhase expected, PromotionPhase phase, @Nullable String message) {
		Instant now = now();
		return this.jdbc
			.sql("UPDATE promotion SET phase = :phase, phase_message = :message, updated_at = :now,"
					+ " finished_at = :finished, open_key = " + (phase.isTerminal() ? "NULL" : "open_key")
					+ " WHERE id = :id AND phase = :expected")
			.param("phase", phase.name())
			.param("message", message)
			.param("now", timestamp(now))
			.param("finished", phase.isTerminal() ? timestamp(now) : null)
			.param("id", id)
			.param("expected", expected.name())
			.update() == 1;
	}

	/**
	 * Sets the message of a promotion that is still open; an abort that committed meanwhile keeps
	 * its own message.
	 */
	void setPhaseMessage(long id, @Nullable String message) {
		this.jdbc.sql("UPDATE promotion SET phase_message = :message, updated_at = :now WHERE id = :id"
				+ " AND finished_at IS NULL")
			.param("message", message)
			.param("now", timestamp(now()))
			.param("id", id)
			.update();
	}

	void setCommit(long id, String commitId) {
		setColumn(id, "commit_id", commitId);
	}

	void setChangeRequest(long id, long changeRequestId) {
		this.jdbc.sql("UPDATE promotion SET change_request_id = :cr, updated_at = :now WHERE id = :id")
			.param("cr", changeRequestId)
			.param("now", timestamp(now()))
			.param("id", id)
			.update();
	}

	void setMergeRequestedBy(long id, String user) {
		setColumn(id, "merge_requested_by", user);
	}

	void setMergeCommit(long id, String commit) {
		setColumn(id, "merge_commit", commit);
	}

	/**
	 * Takes a new candidate, if the promotion still has {@code previousTag}: of two instances
	 * noticing the same change, one records it.
	 * @return whether the candidate changed here
	 */
	boolean setCandidate(long id, String previousTag, String imageTag, @Nullable String revision) {
		return this.jdbc.sql("UPDATE promotion SET image_tag = :tag, source_revision = :revision, commit_id = NULL,"
				+ " updated_at = :now WHERE id = :id AND image_tag = :previous")
			.param("tag", imageTag)
			.param("revision", revision)
			.param("now", timestamp(now()))
			.param("id", id)
			.param("previous", previousTag)
			.update() == 1;
	}

	void waiveHealth(long id, String admin, String reason) {
		this.jdbc.sql("UPDATE promotion SET health_waived_by = :admin, health_waiver_reason = :reason,"
				+ " updated_at = :now WHERE id = :id")
			.param("admin", admin)
			.param("reason", reason)
			.param("now", timestamp(now()))
			.param("id", id)
			.update();
	}

	private void setColumn(long id, String column, String value) {
		this.jdbc.sql("UPDATE promotion SET " + column + " = :value, updated_at = :now WHERE id = :id")
			.param("value", value)
			.param("now", timestamp(now()))
			.param("id", id)
			.update();
	}

	// --- leases

	/**
	 * Claims (or renews) the right to drive a promotion: succeeds when nobody holds it, its lease
	 * expired, or {@code owner} holds it already. One conditional UPDATE, so of two instances
	 * claiming at once exactly one wins, on H2 and PostgreSQL alike.
	 * @return whether {@code owner} holds the lease until {@code until}
	 */
	boolean claim(long id, String owner, Instant now, Instant until) {
		return this.jdbc
			.sql("UPDATE promotion SET lease_owner = :owner, lease_expires_at = :until WHERE id = :id"
					+ " AND (lease_owner IS NULL OR lease_owner = :owner OR lease_expires_at < :now)")
			.param("owner", owner)
			.param("until", timestamp(until))
			.param("id", id)
			.param("now", timestamp(now))
			.update() == 1;
	}

	/** Gives the lease up, if {@code owner} still holds it. */
	void release(long id, String owner) {
		this.jdbc.sql("UPDATE promotion SET lease_owner = NULL, lease_expires_at = NULL WHERE id = :id AND lease_owner = :owner")
			.param("id", id)
			.param("owner", owner)
			.update();
	}

	/** Open promotions no other instance drives now (free, expired, or {@code owner}'s own). */
	List<Row> findOpenUnclaimed(String owner, Instant now) {
		return this.jdbc
			.sql("SELECT * FROM promotion WHERE open_key IS NOT NULL"
					+ " AND (lease_owner IS NULL OR lease_owner = :owner OR lease_expires_at < :now) ORDER BY id")
			.param("owner", owner)
			.param("now", timestamp(now))
			.query(PromotionRepository::row)
			.list();
	}

	// --- steps

	List<PromotionStep> steps(long id) {
		return this.jdbc.sql("SELECT * FROM promotion_step WHERE promotion_id = :id ORDER BY position")
			.param("id", id)
			.query((rs, n) -> new PromotionStep(PromotionStepKind.valueOf(rs.getString("kind")),
					StepStatus.valueOf(rs.getString("status")), rs.getString("message"), instant(rs, "started_at"),
					instant(rs, "finished_at")))
			.list();
	}

	/**
	 * Starts a step (keeping its first start time) or updates its message while it runs. A step
	 * an abort skipped meanwhile stays skipped: the condition is on the step row itself, so the
	 * database re-checks it after waiting for the abort's lock.
	 */
	void stepRunning(long id, PromotionStepKind kind, @Nullable String message) {
		this.jdbc.sql("UPDATE promotion_step SET status = 'RUNNING', message = :message,"
				+ " started_at = COALESCE(started_at, :now) WHERE promotion_id = :id AND kind = :kind"
				+ " AND status IN ('PENDING', 'RUNNING')")
			.param("message", message)
			.param("now", timestamp(now()))
			.param("id", id)
			.param("kind", kind.name())
			.update();
	}

	/** Ends a step that is still pending or running (not one an abort skipped meanwhile). */
	void stepEnded(long id, PromotionStepKind kind, StepStatus status, @Nullable String message) {
		Instant now = now();
		this.jdbc.sql("UPDATE promotion_step SET status = :status, message = :message,"
				+ " started_at = COALESCE(started_at, :now), finished_at = :now WHERE promotion_id = :id AND kind = :kind"
				+ " AND status IN ('PENDING', 'RUNNING')")
			.param("status", status.name())
			.param("message", message)
			.param("now", timestamp(now))
			.param("id", id)
			.param("kind", kind.name())
			.update();
	}

	void skipRemainingSteps(long id) {
		this.jdbc.sql("UPDATE promotion_step SET status = 'SKIPPED' WHERE promotion_id = :id AND status = 'PENDING'")
			.param("id", id)
			.update();
		this.jdbc.sql("UPDATE promotion_step SET status = 'SKIPPED', finished_at = :now"
				+ " WHERE promotion_id = :id AND status = 'RUNNING'")
			.param("now", timestamp(now()))
			.param("id", id)
			.update();
	}

	/** Puts the steps from {@code kind} on back to pending (the candidate changed: commit again). */
	void resetStepsFrom(long id, PromotionStepKind kind) {
		this.jdbc.sql("UPDATE promotion_step SET status = 'PENDING', message = NULL, started_at = NULL,"
				+ " finished_at = NULL WHERE promotion_id = :id AND position >= :position")
			.param("id", id)
			.param("position", kind.ordinal())
			.update();
	}

	// --- checklist

	List<ChecklistItem> checklist(long id) {
		return this.jdbc.sql("SELECT * FROM promotion_checklist_item WHERE promotion_id = :id ORDER BY position")
			.param("id", id)
			.query((rs, n) -> new ChecklistItem(rs.getInt("position"), rs.getString("label"), rs.getBoolean("checked"),
					rs.getString("checked_by"), instant(rs, "checked_at"), rs.getString("note")))
			.list();
	}

	boolean recordChecklistItem(long id, int position, boolean checked, String user, @Nullable String note) {
		return this.jdbc.sql("UPDATE promotion_checklist_item SET checked = :checked, checked_by = :user,"
				+ " checked_at = :now, note = :note WHERE promotion_id = :id AND position = :position")
			.param("checked", checked)
			.param("user", user)
			.param("now", timestamp(now()))
			.param("note", note)
			.param("id", id)
			.param("position", position)
			.update() == 1;
	}

	// --- votes

	List<PromotionVote> votes(long id, String currentTag) {
		return this.jdbc.sql("SELECT * FROM promotion_vote WHERE promotion_id = :id ORDER BY id")
			.param("id", id)
			.query((rs, n) -> new PromotionVote(rs.getString("voter"),
					PromotionVote.Decision.valueOf(rs.getString("decision")), rs.getString("comment"),
					rs.getString("image_tag"), instant(rs, "created_at"), rs.getString("image_tag").equals(currentTag)))
			.list();
	}

	/** @return false when the voter already cast this decision for this candidate */
	boolean vote(long id, String voter, PromotionVote.Decision decision, @Nullable String comment, String imageTag) {
		boolean exists = this.jdbc.sql("SELECT COUNT(*) FROM promotion_vote WHERE promotion_id = :id AND voter = :voter"
				+ " AND image_tag = :tag AND decision = :decision")
			.param("id", id)
			.param("voter", voter)
			.param("tag", imageTag)
			.param("decision", decision.name())
			.query(Long.class)
			.single() > 0;
		if (exists) {
			return false;
		}
		this.jdbc.sql("INSERT INTO promotion_vote (promotion_id, voter, decision, comment, image_tag, created_at)"
				+ " VALUES (:id, :voter, :decision, :comment, :tag, :now)")
			.param("id", id)
			.param("voter", voter)
			.param("decision", decision.name())
			.param("comment", comment)
			.param("tag", imageTag)
			.param("now", timestamp(now()))
			.update();
		return true;
	}

	// --- holds and quarantine

	Optional<String> holdReason(String service) {
		return this.jdbc.sql("SELECT reason, held_by FROM service_hold WHERE service = :service")
			.param("service", service)
			.query((rs, n) -> rs.getString("reason") + " (set by " + rs.getString("held_by") + ")")
			.optional();
	}

	Optional<String> quarantineReason(String service, String imageTag) {
		return this.jdbc.sql("SELECT reason, quarantined_by FROM quarantined_release WHERE service = :service AND image_tag = :tag")
			.param("service", service)
			.param("tag", imageTag)
			.query((rs, n) -> rs.getString("reason") + " (by " + rs.getString("quarantined_by") + ")")
			.optional();
	}

	// --- mapping

	private static Row row(ResultSet rs, int n) throws SQLException {
		long cr = rs.getLong("change_request_id");
		Long changeRequestId = rs.wasNull() ? null : cr;
		return new Row(rs.getLong("id"), rs.getString("service"), rs.getString("source_environment"),
				rs.getString("target_environment"), rs.getString("image_tag"), rs.getString("source_revision"),
				rs.getString("image_name"), rs.getString("previous_tag"), rs.getString("target_overlay"),
				PromotionPhase.valueOf(rs.getString("phase")), rs.getString("phase_message"),
				rs.getString("requested_by"), instant(rs, "created_at"), instant(rs, "updated_at"),
				instant(rs, "finished_at"), rs.getString("branch"), rs.getString("commit_id"), changeRequestId,
				rs.getString("merge_requested_by"), rs.getString("merge_commit"), rs.getString("health_waived_by"),
				rs.getString("health_waiver_reason"));
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static @Nullable OffsetDateTime timestamp(@Nullable Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

}
