package io.slipway.changerequest;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A repository whose team turned review off ({@code slipway.change-requests.require-review=false}):
 * change requests merge without approvals, and the branch is kept when asked to.
 */
@ChangeRequestIntegrationTest
@TestPropertySource(properties = { "slipway.change-requests.require-review=false",
		"slipway.change-requests.delete-merged-branches=false" })
class ChangeRequestWithoutReviewTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Autowired
	private ChangeRequestManagement changeRequests;

	@Autowired
	private InfraBranches infra;

	@Test
	void mergesWithoutApprovalsAndKeepsTheBranch() {
		String branch = this.infra.newBranchName("feat/solo");
		String head = this.infra.commit(branch, "feat: solo", Map.of("services/" + branch + "/a.yaml", "a: 1\n"));
		ChangeRequest opened = this.changeRequests
			.open(new OpenChangeRequest(branch, "main", "feat: solo", "", "dave"))
			.block(WAIT);
		assertThat(opened.reviewRequired()).isFalse();
		assertThat(opened.approvalsRequired()).isZero();
		assertThat(opened.approvalsSatisfied()).isTrue();

		ChangeRequest merged = this.changeRequests.merge(opened.id(), "dave").block(WAIT);

		assertThat(merged.state()).isEqualTo(ChangeRequestState.MERGED);
		assertThat(merged.approvals()).isEmpty();
		assertThat(this.infra.file("main", "services/" + branch + "/a.yaml")).contains("a: 1\n");
		assertThat(this.infra.head(branch)).hasValueSatisfying((tip) -> assertThat(tip.id()).isEqualTo(head));
	}

	@Test
	void refusesAPolicyThatRequiresReviewWithoutApprovals() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ChangeRequestProperties(true, 0, true, Duration.ofSeconds(30), Duration.ofSeconds(3)))
			.withMessageContaining("slipway.change-requests.approvals must be at least 1");
		assertThat(new ChangeRequestProperties(false, 0, true, Duration.ofSeconds(30), Duration.ofSeconds(3)).approvalsRequired()).isZero();
		assertThat(new ChangeRequestProperties(true, 2, true, Duration.ofSeconds(30), Duration.ofSeconds(3)).approvalsRequired()).isEqualTo(2);
	}

}
