package io.slipway.changerequest;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.slipway.changerequest.ChangeRequestRepository.ForgePull;
import io.slipway.changerequest.ChangeRequestRepository.Row;
import io.slipway.changerequest.ChangeRequestRepository.StoredApproval;
import io.slipway.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The change request tables as migrated by Flyway, on the database a subclass chooses: the same
 * assertions must hold on H2 (embedded) and PostgreSQL (production).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ChangeRequestPersistenceContract {

	private static final String HEAD = "1111111111111111111111111111111111111111";

	private static final String NEWER = "2222222222222222222222222222222222222222";

	private TestDatabase database;

	private ChangeRequestRepository repository;

	private Instant now;

	abstract TestDatabase openDatabase(Path scratch);

	@BeforeAll
	void open(@TempDir Path scratch) {
		this.database = openDatabase(scratch);
		this.repository = new ChangeRequestRepository(this.database.jdbc());
	}

	@AfterAll
	void close() {
		if (this.database != null) {
			this.database.close();
		}
	}

	@BeforeEach
	void clean() {
		JdbcClient jdbc = this.database.jdbc();
		jdbc.sql("DELETE FROM change_request_approval").update();
		jdbc.sql("DELETE FROM change_request").update();
		this.now = Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

	private Row insert(String branch) {
		return this.repository.insert("feat(" + branch + "): add", "Why: because.\n\nChecks: all passed.", branch,
				"main", "dave", HEAD, this.now);
	}

	@Test
	void storesAndReadsAChangeRequestAsWritten() {
		Row inserted = insert("feat/payments");

		Row found = this.repository.findById(inserted.id()).orElseThrow();

		assertThat(found).isEqualTo(inserted);
		assertThat(found.state()).isEqualTo(ChangeRequestState.OPEN);
		assertThat(found.createdAt()).isEqualTo(this.now);
		assertThat(found.body()).isEqualTo("Why: because.\n\nChecks: all passed.");
		assertThat(this.repository.findOpenBySourceBranch("feat/payments")).contains(found);
		assertThat(this.repository.findById(inserted.id() + 1000)).isEmpty();
	}

	@Test
	void keepsAtMostOneOpenChangeRequestPerBranch() {
		Row first = insert("feat/once");

		assertThatThrownBy(() -> insert("feat/once")).isInstanceOf(DuplicateKeyException.class);

		assertThat(this.repository.markClosed(first.id(), "dave", this.now, HEAD)).isTrue();
		Row second = insert("feat/once");
		assertThat(this.repository.findOpenBySourceBranch("feat/once")).map(Row::id).contains(second.id());
		// several closed ones never collide
		assertThat(this.repository.markClosed(second.id(), "dave", this.now, HEAD)).isTrue();
		insert("feat/once");
	}

	@Test
	void movesOnlyOpenChangeRequestsToAFinalState() {
		Row row = insert("feat/final");

		assertThat(this.repository.markMerged(row.id(), "carol", this.now, NEWER, "3333333333333333333333333333333333333333",
				HEAD)).isTrue();
		assertThat(this.repository.markMerged(row.id(), "bob", this.now, NEWER, NEWER, HEAD)).isFalse();
		assertThat(this.repository.markClosed(row.id(), "bob", this.now, NEWER)).isFalse();

		Row merged = this.repository.findById(row.id()).orElseThrow();
		assertThat(merged.state()).isEqualTo(ChangeRequestState.MERGED);
		assertThat(merged.mergedBy()).isEqualTo("carol");
		assertThat(merged.mergedAt()).isEqualTo(this.now);
		assertThat(merged.headCommit()).isEqualTo(NEWER);
		assertThat(merged.mergeCommit()).isEqualTo("3333333333333333333333333333333333333333");
		assertThat(merged.mergeBaseCommit()).isEqualTo(HEAD);
		assertThat(merged.closedBy()).isNull();
		assertThat(this.repository.findOpenBySourceBranch("feat/final")).isEmpty();
	}

	@Test
	void keepsOneApprovalPerApproverMovedToTheLatestCommit() {
		Row row = insert("feat/reviewed");

		assertThat(this.repository.approve(row.id(), "bob", HEAD, this.now)).isTrue();
		assertThat(this.repository.approve(row.id(), "bob", HEAD, this.now.plusSeconds(5))).as("same commit again")
			.isFalse();
		assertThat(this.repository.approve(row.id(), "carol", HEAD, this.now.plusSeconds(10))).isTrue();
		assertThat(this.repository.approve(row.id(), "bob", NEWER, this.now.plusSeconds(20))).isTrue();

		assertThat(this.repository.approvalsOf(List.of(row.id())).get(row.id())).containsExactly(
				new StoredApproval("carol", this.now.plusSeconds(10), HEAD),
				new StoredApproval("bob", this.now.plusSeconds(20), NEWER));
		assertThatThrownBy(() -> this.database.jdbc()
			.sql("INSERT INTO change_request_approval (change_request_id, approver, approved_at, head_commit)"
					+ " VALUES (:id, 'bob', CURRENT_TIMESTAMP, :head)")
			.param("id", row.id())
			.param("head", HEAD)
			.update()).isInstanceOf(DataIntegrityViolationException.class);
		assertThat(this.repository.approvalsOf(List.of())).isEmpty();
	}

	@Test
	void listsNewestFirstFiltersAndCountsByState() {
		Row first = insert("feat/a");
		Row second = insert("feat/b");
		Row third = insert("feat/c");
		this.repository.markClosed(second.id(), "dave", this.now, HEAD);
		this.repository.updateHead(third.id(), NEWER, this.now.plusSeconds(1));

		assertThat(this.repository.findAll(null)).extracting(Row::id).containsExactly(third.id(), second.id(), first.id());
		assertThat(this.repository.findAll(ChangeRequestState.OPEN)).extracting(Row::id)
			.containsExactly(third.id(), first.id());
		assertThat(this.repository.findAll(ChangeRequestState.MERGED)).isEmpty();
		assertThat(this.repository.countByState()).containsEntry(ChangeRequestState.OPEN, 2L)
			.containsEntry(ChangeRequestState.CLOSED, 1L)
			.containsEntry(ChangeRequestState.MERGED, 0L);
		Row moved = this.repository.findById(third.id()).orElseThrow();
		assertThat(moved.headCommit()).isEqualTo(NEWER);
		assertThat(moved.updatedAt()).isEqualTo(this.now.plusSeconds(1));
	}

	@Test
	void storesAForgesPullRequestOncePerPullAndItsMergeWithoutAMerger() {
		ForgePull pull = new ForgePull("github", "octo-org/infra", "42", 42, "https://github.com/octo-org/infra/pull/42");
		Row inserted = this.repository.insert("feat(payments): add", "## Checks", "feat/forge", "main", "dave", HEAD,
				this.now, pull);

		Row found = this.repository.findById(inserted.id()).orElseThrow();
		assertThat(found).isEqualTo(inserted);
		assertThat(found.pull()).isEqualTo(pull);
		assertThat(insert("feat/own").pull()).as("Slipway's own").isNull();
		assertThatThrownBy(() -> this.repository.insert("again", "", "feat/other", "main", "dave", HEAD, this.now,
				pull))
			.isInstanceOf(DuplicateKeyException.class);
		// numbers are per repository
		this.repository.insert("elsewhere", "", "feat/other", "main", "dave", HEAD, this.now,
				new ForgePull("github", "octo-org/other", "42", 42, "https://github.com/octo-org/other/pull/42"));

		// merged on the forge: who merged it and its merge commit may be unknown
		assertThat(this.repository.markMerged(inserted.id(), null, this.now, HEAD, null, null)).isTrue();
		Row merged = this.repository.findById(inserted.id()).orElseThrow();
		assertThat(merged.state()).isEqualTo(ChangeRequestState.MERGED);
		assertThat(merged.mergedBy()).isNull();
		assertThat(merged.mergeCommit()).isNull();
		assertThat(merged.pull()).isEqualTo(pull);
	}

	@Test
	void refusesAStateOutsideTheThreeKnownOnes() {
		Row row = insert("feat/odd");

		assertThatThrownBy(() -> this.database.jdbc()
			.sql("UPDATE change_request SET state = 'DRAFT' WHERE id = :id")
			.param("id", row.id())
			.update()).isInstanceOf(DataIntegrityViolationException.class);
	}

}
