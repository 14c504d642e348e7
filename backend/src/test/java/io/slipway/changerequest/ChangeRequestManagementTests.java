package io.slipway.changerequest;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.slipway.audit.AuditableEvent;
import io.slipway.changerequest.ChangeRequestConflictException.Reason;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Change requests end to end against the application's real (embedded, bare) infra repository
 * and database: open, review, merge into main, refuse what the rules refuse.
 */
@ChangeRequestIntegrationTest
class ChangeRequestManagementTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Autowired
	private ChangeRequestManagement changeRequests;

	@Autowired
	private InfraBranches infra;

	@Autowired
	private RecordedEvents events;

	private ChangeRequest open(String branch, String author) {
		return this.changeRequests
			.open(new OpenChangeRequest(branch, null, "feat(" + branch + "): add configuration",
					"Adds the files of " + branch + ".", author))
			.block(WAIT);
	}

	@Test
	void opensApprovesAndMergesIntoMainByFastForward() {
		String branch = this.infra.newBranchName("feat/payments");
		String path = "services/" + branch + "/base/deployment.yaml";
		String commit = this.infra.commit(branch, "feat(payments): add deployment configuration",
				Map.of(path, "kind: Deployment\n"));

		ChangeRequest opened = open(branch, "dave");
		assertThat(opened.state()).isEqualTo(ChangeRequestState.OPEN);
		assertThat(opened.targetBranch()).isEqualTo("main");
		assertThat(opened.headCommit()).isEqualTo(commit);
		assertThat(opened.approvalsSatisfied()).isFalse();
		assertThat(opened.path()).isEqualTo("/change-requests/" + opened.id());

		ChangeRequest approved = this.changeRequests.approve(opened.id(), "bob").block(WAIT);
		assertThat(approved.approvals()).singleElement().satisfies((approval) -> {
			assertThat(approval.approver()).isEqualTo("bob");
			assertThat(approval.headCommit()).isEqualTo(commit);
			assertThat(approval.current()).isTrue();
		});
		assertThat(approved.approvalsSatisfied()).isTrue();

		ChangeRequest merged = this.changeRequests.merge(opened.id(), "carol").block(WAIT);

		assertThat(merged.state()).isEqualTo(ChangeRequestState.MERGED);
		assertThat(merged.mergedBy()).isEqualTo("carol");
		assertThat(merged.mergedAt()).isNotNull();
		// nothing happened on main meanwhile: main now simply points at the reviewed commit
		assertThat(merged.mergeCommit()).isEqualTo(commit);
		assertThat(this.infra.head("main")).hasValueSatisfying((head) -> assertThat(head.id()).isEqualTo(commit));
		assertThat(this.infra.file("main", path)).contains("kind: Deployment\n");
		assertThat(this.infra.head(branch)).as("merged branch deleted").isEmpty();
		assertThat(this.events.ofChangeRequest(opened.id())).extracting(AuditableEvent::action)
			.containsExactly("change-request.opened", "change-request.approved", "change-request.merged");
		ChangeRequestMerged event = (ChangeRequestMerged) this.events.ofChangeRequest(opened.id()).get(2);
		assertThat(event.approvers()).containsExactly("bob");
		assertThat(event.mergeCommit()).isEqualTo(commit);

		// the merged change request still shows what it brought in, though its branch is gone
		ChangeRequestDetail detail = this.changeRequests.find(opened.id()).block(WAIT).orElseThrow();
		assertThat(detail.diffError()).isNull();
		assertThat(detail.changedPaths()).containsExactly(path);
		assertThat(detail.diff()).contains("new file mode 100644", "+kind: Deployment");
	}

	@Test
	void mergesWithAMergeCommitWhenMainMovedOn() {
		String branch = this.infra.newBranchName("feat/orders");
		String commit = this.infra.commit(branch, "feat(orders): add", Map.of("services/" + branch + "/a.yaml", "a: 1\n"));
		ChangeRequest opened = open(branch, "dave");
		this.changeRequests.approve(opened.id(), "bob").block(WAIT);
		String mainBefore = this.infra.commit("main", "chore: unrelated change on main",
				Map.of("docs/" + branch + ".md", "unrelated\n"));

		ChangeRequest merged = this.changeRequests.merge(opened.id(), "bob").block(WAIT);

		assertThat(merged.mergeCommit()).isNotEqualTo(commit).isNotEqualTo(mainBefore);
		assertThat(this.infra.head("main")).hasValueSatisfying((head) -> {
			assertThat(head.id()).isEqualTo(merged.mergeCommit());
			assertThat(head.shortMessage()).isEqualTo("Merge change request #" + opened.id() + " from " + branch);
		});
		assertThat(this.infra.file("main", "services/" + branch + "/a.yaml")).contains("a: 1\n");
		assertThat(this.infra.file("main", "docs/" + branch + ".md")).contains("unrelated\n");
		ChangeRequestDetail detail = this.changeRequests.find(opened.id()).block(WAIT).orElseThrow();
		assertThat(detail.changedPaths()).containsExactly("services/" + branch + "/a.yaml");
	}

	@Test
	void refusesAnAuthorApprovingTheirOwnChangeRequest() {
		String branch = this.infra.newBranchName("feat/self");
		this.infra.commit(branch, "feat: self", Map.of("services/" + branch + "/a.yaml", "a: 1\n"));
		ChangeRequest opened = open(branch, "erin");

		assertThatThrownBy(() -> this.changeRequests.approve(opened.id(), "erin").block(WAIT))
			.isInstanceOf(ChangeRequestForbiddenException.class)
			.hasMessageStartingWith("authors cannot approve their own change request");

		ChangeRequest unchanged = this.changeRequests.find(opened.id()).block(WAIT).orElseThrow().changeRequest();
		assertThat(unchanged.approvals()).isEmpty();
		assertThatThrownBy(() -> this.changeRequests.merge(opened.id(), "erin").block(WAIT))
			.isInstanceOfSatisfying(ChangeRequestConflictException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.NOT_APPROVED))
			.hasMessageContaining("needs 1 approval of its latest commit");
	}

	@Test
	void aNewCommitOnTheBranchNeedsApprovingAgain() {
		String branch = this.infra.newBranchName("feat/late");
		String first = this.infra.commit(branch, "feat: first", Map.of("services/" + branch + "/a.yaml", "a: 1\n"));
		ChangeRequest opened = open(branch, "dave");
		this.changeRequests.approve(opened.id(), "bob").block(WAIT);
		String mainBefore = this.infra.head("main").orElseThrow().id();

		String second = this.infra.commit(branch, "feat: pushed after the review",
				Map.of("services/" + branch + "/b.yaml", "b: 2\n"));

		ChangeRequest stale = this.changeRequests.find(opened.id()).block(WAIT).orElseThrow().changeRequest();
		assertThat(stale.headCommit()).isEqualTo(second);
		assertThat(stale.approvals()).singleElement().satisfies((approval) -> {
			assertThat(approval.headCommit()).isEqualTo(first);
			assertThat(approval.current()).isFalse();
		});
		assertThat(stale.approvalsSatisfied()).isFalse();
		assertThatThrownBy(() -> this.changeRequests.merge(opened.id(), "carol").block(WAIT))
			.isInstanceOfSatisfying(ChangeRequestConflictException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.NOT_APPROVED))
			.hasMessageContaining(second.substring(0, 7))
			.hasMessageContaining("approvals of earlier commits no longer count");
		assertThat(this.infra.head("main").orElseThrow().id()).isEqualTo(mainBefore);

		// approving again moves the approval to the new commit, which can then be merged
		ChangeRequest approvedAgain = this.changeRequests.approve(opened.id(), "bob").block(WAIT);
		assertThat(approvedAgain.approvals()).singleElement()
			.satisfies((approval) -> assertThat(approval.headCommit()).isEqualTo(second));
		this.changeRequests.merge(opened.id(), "carol").block(WAIT);
		assertThat(this.infra.file("main", "services/" + branch + "/b.yaml")).contains("b: 2\n");
	}

	@Test
	void refusesAConflictingMergeWithAClearMessageAndWritesNothing() {
		String branch = this.infra.newBranchName("feat/clash");
		String path = "services/" + branch + "/values.yaml";
		this.infra.commit("main", "chore: base", Map.of(path, "replicas: 1\n"));
		String branchHead = this.infra.commit(branch, "feat: three replicas", Map.of(path, "replicas: 3\n"));
		String mainHead = this.infra.commit("main", "fix: two replicas", Map.of(path, "replicas: 2\n"));
		ChangeRequest opened = open(branch, "dave");
		this.changeRequests.approve(opened.id(), "bob").block(WAIT);

		assertThatThrownBy(() -> this.changeRequests.merge(opened.id(), "carol").block(WAIT))
			.isInstanceOfSatisfying(ChangeRequestConflictException.class, (ex) -> {
				assertThat(ex.reason()).isEqualTo(Reason.MERGE_CONFLICT);
				assertThat(ex.paths()).containsExactly(path);
			})
			.hasMessage("change request #" + opened.id() + " cannot be merged: " + branch + " and main both changed "
					+ path + "; update " + branch + " with the changes of main first");

		assertThat(this.infra.head("main").orElseThrow().id()).isEqualTo(mainHead);
		assertThat(this.infra.head(branch).orElseThrow().id()).isEqualTo(branchHead);
		assertThat(this.infra.file("main", path)).contains("replicas: 2\n");
		ChangeRequest still = this.changeRequests.find(opened.id()).block(WAIT).orElseThrow().changeRequest();
		assertThat(still.state()).isEqualTo(ChangeRequestState.OPEN);
		assertThat(this.events.ofChangeRequest(opened.id())).extracting(AuditableEvent::action)
			.doesNotContain("change-request.merged");
	}

	@Test
	void closesWithoutMergingAndKeepsTheBranch() {
		String branch = this.infra.newBranchName("feat/abandoned");
		String head = this.infra.commit(branch, "feat: abandoned", Map.of("services/" + branch + "/a.yaml", "a: 1\n"));
		ChangeRequest opened = open(branch, "dave");

		ChangeRequest closed = this.changeRequests.close(opened.id(), "dave").block(WAIT);

		assertThat(closed.state()).isEqualTo(ChangeRequestState.CLOSED);
		assertThat(closed.closedBy()).isEqualTo("dave");
		assertThat(closed.closedAt()).isNotNull();
		assertThat(this.infra.head(branch)).hasValueSatisfying((tip) -> assertThat(tip.id()).isEqualTo(head));
		assertThat(this.infra.file("main", "services/" + branch + "/a.yaml")).isEmpty();
		for (Runnable action : List.<Runnable>of(() -> this.changeRequests.approve(opened.id(), "bob").block(WAIT),
				() -> this.changeRequests.merge(opened.id(), "bob").block(WAIT),
				() -> this.changeRequests.close(opened.id(), "bob").block(WAIT))) {
			assertThatThrownBy(action::run)
				.isInstanceOfSatisfying(ChangeRequestConflictException.class,
						(ex) -> assertThat(ex.reason()).isEqualTo(Reason.NOT_OPEN))
				.hasMessage("change request #" + opened.id() + " is closed; only open change requests can change");
		}
		assertThat(this.events.ofChangeRequest(opened.id())).extracting(AuditableEvent::action)
			.containsExactly("change-request.opened", "change-request.closed");
	}

	@Test
	void allowsOneOpenChangeRequestPerBranch() {
		String branch = this.infra.newBranchName("feat/once");
		this.infra.commit(branch, "feat: once", Map.of("services/" + branch + "/a.yaml", "a: 1\n"));
		ChangeRequest first = open(branch, "dave");

		assertThatThrownBy(() -> open(branch, "erin"))
			.isInstanceOfSatisfying(ChangeRequestConflictException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.ALREADY_OPEN))
			.hasMessage("branch " + branch + " already has an open change request #" + first.id());
		assertThat(this.changeRequests.findOpenBySourceBranch(branch).block(WAIT))
			.hasValueSatisfying((found) -> assertThat(found.id()).isEqualTo(first.id()));

		this.changeRequests.close(first.id(), "dave").block(WAIT);
		assertThat(this.changeRequests.findOpenBySourceBranch(branch).block(WAIT)).isEmpty();
		ChangeRequest second = open(branch, "erin");
		assertThat(second.id()).isGreaterThan(first.id());
	}

	@Test
	void refusesBranchesThatDoNotExist() {
		assertThatThrownBy(() -> open(this.infra.newBranchName("feat/ghost"), "dave"))
			.isInstanceOfSatisfying(ChangeRequestConflictException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.BRANCH_MISSING))
			.hasMessageContaining("there is no branch feat/ghost");
		assertThatThrownBy(() -> this.changeRequests.approve(999_999, "bob").block(WAIT))
			.isInstanceOf(ChangeRequestNotFoundException.class)
			.hasMessage("there is no change request #999999");
		assertThat(this.changeRequests.find(999_999).block(WAIT)).isEmpty();
	}

	@Test
	void listsNewestFirstAndFiltersByState() {
		String openBranch = this.infra.newBranchName("feat/list-open");
		String closedBranch = this.infra.newBranchName("feat/list-closed");
		this.infra.commit(openBranch, "feat: open", Map.of("services/" + openBranch + "/a.yaml", "a: 1\n"));
		this.infra.commit(closedBranch, "feat: closed", Map.of("services/" + closedBranch + "/a.yaml", "a: 1\n"));
		ChangeRequest stillOpen = open(openBranch, "dave");
		ChangeRequest closed = open(closedBranch, "dave");
		this.changeRequests.close(closed.id(), "dave").block(WAIT);

		List<ChangeRequest> all = this.changeRequests.list(null).block(WAIT);
		assertThat(all).extracting(ChangeRequest::id).containsSubsequence(closed.id(), stillOpen.id());
		assertThat(this.changeRequests.list(ChangeRequestState.OPEN).block(WAIT)).extracting(ChangeRequest::id)
			.contains(stillOpen.id())
			.doesNotContain(closed.id());
		assertThat(this.changeRequests.list(ChangeRequestState.CLOSED).block(WAIT)).extracting(ChangeRequest::id)
			.contains(closed.id())
			.doesNotContain(stillOpen.id());
		assertThat(this.changeRequests.countByState().block(WAIT).get(ChangeRequestState.CLOSED)).isPositive();
	}

}
