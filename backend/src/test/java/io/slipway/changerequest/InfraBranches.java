package io.slipway.changerequest;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.slipway.gitops.CommitRequest;
import io.slipway.gitops.CommitSummary;
import io.slipway.gitops.GitOpsRepository;

import org.springframework.boot.test.context.TestComponent;

/**
 * Writes and reads the application's infra repository the way other writers would: commits on
 * branches and on main through the GitOps module, reads after a fetch.
 */
@TestComponent
class InfraBranches {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final AtomicInteger names = new AtomicInteger();

	private final GitOpsRepository gitOps;

	InfraBranches(GitOpsRepository gitOps) {
		this.gitOps = gitOps;
	}

	/**
	 * A branch name no other test uses.
	 */
	String newBranchName(String prefix) {
		return prefix + "-" + names.incrementAndGet() + "-" + System.nanoTime();
	}

	/**
	 * Writes the files as one commit on the branch (created from main when missing); returns the
	 * commit id.
	 */
	String commit(String branch, String message, Map<String, String> files) {
		CommitRequest.Builder request = CommitRequest.builder(message).branch(branch).actor("dave");
		files.forEach(request::put);
		return this.gitOps.commit(request.build()).block(WAIT).commitId();
	}

	String mainBranch() {
		return this.gitOps.mainBranch();
	}

	Optional<CommitSummary> head(String branch) {
		this.gitOps.refresh().block(WAIT);
		return this.gitOps.head(branch).block(WAIT);
	}

	Optional<String> file(String ref, String path) {
		this.gitOps.refresh().block(WAIT);
		return this.gitOps.readFile(ref, path).block(WAIT);
	}

}
