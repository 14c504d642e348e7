package io.slipway.gitops;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.slipway.testsupport.GitCommandLine;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Replacing a branch by one commit on its base, with a lease on its tip, against a real bare
 * repository reached over {@code file://}: the old commits are gone from the branch, and a branch
 * someone pushed to since is left alone.
 */
class GitOpsReplaceBranchTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	Path temp;

	private BareRemote remote;

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private GitOpsRepository gitOps;

	@BeforeEach
	void createRemote() {
		GitCommandLine git = new GitCommandLine(this.temp.resolve("home"));
		this.remote = BareRemote.create(this.temp.resolve("server/infra.git"), this.temp.resolve("scratch"), git);
		this.remote.pushExternally(Map.of("apps/billing/production/values.yaml", "image:\n  tag: 0.9.0\n"), "Seed");
		this.gitOps = new GitOpsRepository(GitOpsProperties.forRemote(this.remote.fileUrl()), this.temp.resolve("data"),
				this.events::add, Clock.systemUTC());
	}

	@AfterEach
	void close() {
		this.gitOps.close();
	}

	private CommitRequest tag(String tag) {
		return CommitRequest.builder("chore(billing): promote " + tag + " to production")
			.branch("promote/billing-production-7")
			.trailer("Promotion-Id", "7")
			.put("apps/billing/production/values.yaml", "image:\n  tag: " + tag + "\n")
			.build();
	}

	@Test
	void replacesTheBranchByOneCommitOnTheMainBranch() {
		CommitResult first = this.gitOps.commit(tag("1.0.0")).block(WAIT);
		this.remote.pushExternally(Map.of("README.md", "# infra\n"), "Main moves on");

		CommitResult replaced = this.gitOps.replaceBranch(tag("1.1.0"), first.commitId()).block(WAIT);

		assertThat(replaced.committed()).isTrue();
		assertThat(this.remote.head("promote/billing-production-7")).isEqualTo(replaced.commitId());
		List<RevCommit> history = this.remote.history("promote/billing-production-7");
		assertThat(history.get(0).getShortMessage()).isEqualTo("chore(billing): promote 1.1.0 to production");
		// straight on main's new tip: the first commit is no longer on the branch
		assertThat(history.get(0).getParent(0).getName()).isEqualTo(this.remote.head("main"));
		assertThat(history).extracting(RevCommit::getName).doesNotContain(first.commitId());
		assertThat(this.remote.file("promote/billing-production-7", "apps/billing/production/values.yaml"))
			.contains("image:\n  tag: 1.1.0\n");
		assertThat(this.gitOps.head("promote/billing-production-7").block(WAIT).orElseThrow().id())
			.isEqualTo(replaced.commitId());
		assertThat(this.events).filteredOn(ChangesCommitted.class::isInstance).hasSize(2);
	}

	@Test
	void leavesABranchThatMovedSinceItsTipWasRead() {
		CommitResult first = this.gitOps.commit(tag("1.0.0")).block(WAIT);
		String theirs = this.remote.pushExternally("promote/billing-production-7", Map.of("NOTES.md", "keep me\n"),
				"Someone else's commit");

		assertThatThrownBy(() -> this.gitOps.replaceBranch(tag("1.1.0"), first.commitId()).block(WAIT))
			.isInstanceOf(BranchMovedException.class)
			.hasMessageContaining("promote/billing-production-7");
		assertThat(this.remote.head("promote/billing-production-7")).isEqualTo(theirs);
	}

}
