package io.slipway.gitops;

import io.slipway.testsupport.GitCommandLine;
import io.slipway.testsupport.GitHttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Comparing and merging branches of a real bare repository reached over {@code file://}, with the
 * git command line playing the other writers and checking what we wrote.
 */
class GitOpsMergeAndDiffTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String STAGING = "apps/billing/staging/values.yaml";

	@TempDir
	Path temp;

	private BareRemote remote;

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private GitOpsRepository gitOps;

	@BeforeEach
	void createRemote() {
		GitCommandLine git = new GitCommandLine(this.temp.resolve("home"));
		this.remote = BareRemote.create(this.temp.resolve("server/infra.git"), this.temp.resolve("scratch"), git);
		this.remote.pushExternally(Map.of("README.md", "# infra\n", STAGING,
				"image:\n  repository: ghcr.io/acme/billing\n  tag: 1.0.0\nreplicas: 1\nresources:\n  cpu: 100m\n"
						+ "  memory: 128Mi\nlogLevel: info\n"),
				"Seed the infra repository");
		this.gitOps = new GitOpsRepository(GitOpsProperties.forRemote(this.remote.fileUrl()), this.temp.resolve("data"),
				this.events::add, Clock.systemUTC());
	}

	@AfterEach
	void close() {
		this.gitOps.close();
	}

	private CommitResult commit(CommitRequest request) {
		return this.gitOps.commit(request).block(WAIT);
	}

	private String bumpOnBranch(String branch, String tag) {
		return commit(CommitRequest.builder("Bump billing to " + tag)
			.branch(branch)
			.update(STAGING, (text) -> text.replace("tag: 1.0.0", "tag: " + tag))
			.create("apps/billing/staging/NOTES.md", "bumped to " + tag + "\n")
			.build()).commitId();
	}

	private Path cacheDirectory() {
		return this.temp.resolve("data/cache/infra.git");
	}

	@Test
	void diffShowsWhatABranchChangesSinceItForkedLikeGitDoes() {
		bumpOnBranch("feat/bump", "1.1.0");
		// main moves on afterwards: its change is not part of the branch's diff
		this.remote.pushExternally(Map.of("README.md", "# infra, edited on main\n"), "Edit the readme");
		this.gitOps.refresh().block(WAIT);

		String diff = this.gitOps.diff("main", "feat/bump").block(WAIT);

		assertThat(diff).contains("diff --git a/" + STAGING + " b/" + STAGING, "--- a/" + STAGING, "+++ b/" + STAGING,
				"@@ -1,6 +1,6 @@", "-  tag: 1.0.0", "+  tag: 1.1.0",
				"diff --git a/apps/billing/staging/NOTES.md b/apps/billing/staging/NOTES.md", "new file mode 100644",
				"--- /dev/null", "+++ b/apps/billing/staging/NOTES.md", "+bumped to 1.1.0")
			.doesNotContain("README.md");
		// byte for byte what `git diff main...feat/bump` prints
		String git = this.remote.git()
			.run(this.remote.directory(), "--git-dir=" + this.remote.directory(), "diff", "--no-renames", "--no-color",
					"main...feat/bump");
		assertThat(diff).isEqualTo(git);
		assertThat(this.gitOps.changedPaths("main", "feat/bump").block(WAIT))
			.containsExactly("apps/billing/staging/NOTES.md", STAGING);
		assertThat(this.gitOps.diff("main", "main").block(WAIT)).isEmpty();
		assertThatThrownBy(() -> this.gitOps.diff("main", "no-such-branch").block(WAIT))
			.isInstanceOf(UnknownRefException.class);
	}

	@Test
	void previewShowsWhatChangesWouldDoWithoutWritingAnything() throws IOException {
		this.gitOps.refresh().block(WAIT);
		Map<String, ObjectId> remoteBefore = this.remote.branches();
		long objectsBefore = countObjects(cacheDirectory());
		List<FileChange> changes = List.of(
				new FileChange.Create("services/payments/base/deployment.yaml", "kind: Deployment\nname: payments\n"),
				new FileChange.Update(STAGING, (text) -> text.replace("replicas: 1", "replicas: 3")),
				new FileChange.Delete("README.md"));

		String preview = this.gitOps.diff("main", changes).block(WAIT);

		assertThat(preview).contains("diff --git a/services/payments/base/deployment.yaml b/services/payments/base/deployment.yaml",
				"new file mode 100644", "+kind: Deployment", "+name: payments", "-replicas: 1", "+replicas: 3",
				"deleted file mode 100644", "-# infra");
		assertThat(countObjects(cacheDirectory())).isEqualTo(objectsBefore);
		assertThat(this.remote.branches()).isEqualTo(remoteBefore);
		assertThat(this.events).isEmpty();

		// the preview is exactly the diff of the commit those changes make
		CommitResult result = commit(CommitRequest.builder("Do it").branch("feat/preview").change(changes.get(0))
			.change(changes.get(1)).change(changes.get(2)).build());
		assertThat(this.gitOps.diff("main", result.commitId()).block(WAIT)).isEqualTo(preview);
		assertThat(this.gitOps.diff("main", List.of(new FileChange.Put("README.md", "# infra\n"))).block(WAIT))
			.isEmpty();
		assertThatThrownBy(
				() -> this.gitOps.diff("main", List.of(new FileChange.Create("README.md", "other\n"))).block(WAIT))
			.isInstanceOf(ChangeConflictException.class)
			.hasMessageContaining("README.md");
	}

	@Test
	void fastForwardsTheTargetWhenItHasNotMovedOn() {
		String main = this.remote.head("main");
		String branchTip = bumpOnBranch("feat/bump", "1.1.0");
		this.events.clear();

		MergeResult result = this.gitOps
			.merge("feat/bump", "main", "Merge feat/bump", "carol", Map.of("Change-Request", "1"))
			.block(WAIT);

		assertThat(result.outcome()).isEqualTo(MergeResult.Outcome.FAST_FORWARD);
		assertThat(result.commitId()).isEqualTo(branchTip);
		assertThat(result.sourceCommit()).isEqualTo(branchTip);
		assertThat(result.previousTargetCommit()).isEqualTo(main);
		assertThat(this.remote.head("main")).isEqualTo(branchTip);
		assertThat(this.remote.file("main", STAGING)).hasValueSatisfying((text) -> assertThat(text).contains("tag: 1.1.0"));
		assertThat(BareRemote.branchesOf(cacheDirectory())).isEqualTo(this.remote.branches());
		assertThat(this.events).containsExactly(
				new BranchMerged("carol", "feat/bump", "main", branchTip, branchTip, MergeResult.Outcome.FAST_FORWARD));
		BranchMerged event = (BranchMerged) this.events.get(0);
		assertThat(event.action()).isEqualTo("git.merged");
		assertThat(event.subject()).isEqualTo("main");
		assertThat(event.details()).containsEntry("outcome", "FAST_FORWARD").containsEntry("sourceBranch", "feat/bump");
	}

	@Test
	void makesAMergeCommitWhenTheTargetMovedOnWithoutConflict() {
		String branchTip = bumpOnBranch("feat/bump", "1.1.0");
		// main changes other lines of the same file, and another file
		String mainTip = this.remote.pushExternally(Map.of("README.md", "# infra, edited on main\n", STAGING,
				"image:\n  repository: ghcr.io/acme/billing\n  tag: 1.0.0\nreplicas: 1\nresources:\n  cpu: 100m\n"
						+ "  memory: 128Mi\nlogLevel: debug\n"),
				"Debug logging");
		this.events.clear();

		MergeResult result = this.gitOps
			.merge(new MergeRequest("feat/bump", branchTip, "main", "Merge change request #7 from feat/bump", "carol",
					trailers("Change-Request", "7", "Merged-By", "carol")))
			.block(WAIT);

		assertThat(result.outcome()).isEqualTo(MergeResult.Outcome.MERGE_COMMIT);
		assertThat(result.previousTargetCommit()).isEqualTo(mainTip);
		assertThat(this.remote.head("main")).isEqualTo(result.commitId());
		RevCommit merge = this.remote.history("main").get(0);
		assertThat(merge.getParents()).extracting(RevCommit::name).containsExactly(mainTip, branchTip);
		assertThat(merge.getFullMessage())
			.isEqualTo("Merge change request #7 from feat/bump\n\nChange-Request: 7\nMerged-By: carol\n");
		assertThat(merge.getAuthorIdent().getName()).isEqualTo("Slipway");
		assertThat(this.remote.file("main", STAGING)).hasValueSatisfying(
				(text) -> assertThat(text).contains("tag: 1.1.0").contains("logLevel: debug"));
		assertThat(this.remote.file("main", "README.md")).contains("# infra, edited on main\n");
		assertThat(this.remote.file("main", "apps/billing/staging/NOTES.md")).contains("bumped to 1.1.0\n");
		this.remote.git().run(this.remote.directory(), "--git-dir=" + this.remote.directory(), "fsck", "--strict");
		assertThat(BareRemote.branchesOf(cacheDirectory())).isEqualTo(this.remote.branches());
		assertThat(this.events).containsExactly(new BranchMerged("carol", "feat/bump", "main", branchTip,
				result.commitId(), MergeResult.Outcome.MERGE_COMMIT));
		// merged: the branch now changes nothing relative to main
		assertThat(this.gitOps.diff("main", "feat/bump").block(WAIT)).isEmpty();
	}

	@Test
	void mergesSidesThatChangedDifferentFilesToTheTreeGitWouldWrite() {
		this.remote.pushExternally(Map.of("apps/billing/staging/OLD.md", "to be removed\n",
				"apps/billing/production/values.yaml", "replicas: 2\n"), "More files");
		// the branch edits a file, adds one in a new directory and removes one
		String branchTip = commit(CommitRequest.builder("Bump billing to 1.1.0")
			.branch("feat/bump")
			.update(STAGING, (text) -> text.replace("tag: 1.0.0", "tag: 1.1.0"))
			.create("apps/billing/staging/notes/NOTES.md", "bumped\n")
			.delete("apps/billing/staging/OLD.md")
			.build()).commitId();
		// main moves on in other files, one next to the branch's
		String mainTip = this.remote.pushExternally(Map.of("README.md", "# infra, edited on main\n",
				"apps/billing/production/values.yaml", "replicas: 3\n", "apps/billing/staging/LIMITS.md", "none\n"),
				"Scale production");

		MergeResult result = this.gitOps
			.merge(new MergeRequest("feat/bump", branchTip, "main", "Merge feat/bump", "carol", Map.of()))
			.block(WAIT);

		assertThat(result.outcome()).isEqualTo(MergeResult.Outcome.MERGE_COMMIT);
		String gitsTree = this.remote.git()
			.run(this.remote.directory(), "--git-dir=" + this.remote.directory(), "merge-tree", "--write-tree", mainTip,
					branchTip)
			.strip();
		RevCommit merge = this.remote.history("main").get(0);
		assertThat(merge.getTree().name()).isEqualTo(gitsTree);
		assertThat(merge.getParents()).extracting(RevCommit::name).containsExactly(mainTip, branchTip);
		assertThat(this.remote.file("main", "apps/billing/staging/OLD.md")).isEmpty();
		assertThat(this.remote.file("main", "apps/billing/staging/notes/NOTES.md")).contains("bumped\n");
		assertThat(this.remote.file("main", "apps/billing/production/values.yaml")).contains("replicas: 3\n");
		this.remote.git().run(this.remote.directory(), "--git-dir=" + this.remote.directory(), "fsck", "--strict");
	}

	@Test
	void mergesAgainOnTheNewTipWhenTheTargetMovedDuringThePush() throws IOException {
		// over smart HTTP, so the real git receive-pack runs the remote's hooks
		try (GitHttpServer server = GitHttpServer.start(this.temp.resolve("server"), this.temp.resolve("home"), "ci",
				"s3cret")) {
			GitOpsProperties defaults = GitOpsProperties.forRemote(server.url("infra.git"));
			GitOpsRepository overHttp = new GitOpsRepository(new GitOpsProperties(defaults.url(), "main", "ci", "s3cret",
					defaults.mode(), defaults.timeout(), 5, "Slipway", "slipway@localhost"), this.temp.resolve("http-data"),
					this.events::add, Clock.systemUTC());
			try {
				String elsewhere = this.remote.pushExternally("elsewhere", Map.of("README.md", "# edited elsewhere\n"),
						"Edit the readme elsewhere");
				String branchTip = overHttp.commit(CommitRequest.builder("Bump")
					.branch("feat/bump")
					.update(STAGING, (text) -> text.replace("tag: 1.0.0", "tag: 1.1.0"))
					.build()).block(WAIT).commitId();
				// another writer moves main while our fast-forward is on its way, once
				installPreReceiveHook("""
						#!/bin/sh
						if [ ! -e "%1$s" ]; then
						  touch "%1$s"
						  unset GIT_QUARANTINE_PATH
						  git update-ref refs/heads/main %2$s
						fi
						exit 0
						""".formatted(this.temp.resolve("moved-once"), elsewhere));

				MergeResult result = overHttp.merge("feat/bump", "main", "Merge feat/bump", "carol", Map.of()).block(WAIT);

				assertThat(result.attempts()).isEqualTo(2);
				assertThat(result.outcome()).isEqualTo(MergeResult.Outcome.MERGE_COMMIT);
				assertThat(result.previousTargetCommit()).isEqualTo(elsewhere);
				assertThat(this.remote.history("main").get(0).getParents()).extracting(RevCommit::name)
					.containsExactly(elsewhere, branchTip);
				assertThat(this.remote.file("main", "README.md")).contains("# edited elsewhere\n");
			}
			finally {
				overHttp.close();
			}
		}
	}

	private void installPreReceiveHook(String script) throws IOException {
		Path hook = this.remote.directory().resolve("hooks/pre-receive");
		Files.createDirectories(hook.getParent());
		Files.writeString(hook, script);
		hook.toFile().setExecutable(true);
	}

	@Test
	void refusesAConflictingMergeNamingThePathsAndWritesNothing() {
		bumpOnBranch("feat/bump", "1.1.0");
		this.remote.pushExternally(Map.of(STAGING,
				"image:\n  repository: ghcr.io/acme/billing\n  tag: 1.0.1\nreplicas: 1\nresources:\n  cpu: 100m\n"
						+ "  memory: 128Mi\nlogLevel: info\n"),
				"Hotfix billing");
		this.events.clear();
		this.gitOps.refresh().block(WAIT);
		Map<String, ObjectId> remoteBefore = this.remote.branches();
		Map<String, ObjectId> cacheBefore = BareRemote.branchesOf(cacheDirectory());

		assertThatThrownBy(() -> this.gitOps.merge("feat/bump", "main", "Merge", "carol", Map.of()).block(WAIT))
			.isInstanceOfSatisfying(MergeConflictException.class, (ex) -> {
				assertThat(ex.paths()).containsExactly(STAGING);
				assertThat(ex.source()).isEqualTo("feat/bump");
				assertThat(ex.target()).isEqualTo("main");
			})
			.hasMessageContaining("cannot merge feat/bump into main")
			.hasMessageContaining(STAGING);

		assertThat(this.remote.branches()).isEqualTo(remoteBefore);
		assertThat(BareRemote.branchesOf(cacheDirectory())).isEqualTo(cacheBefore);
		assertThat(this.events).isEmpty();
	}

	@Test
	void refusesToMergeASourceThatMovedSinceItWasChecked() {
		String reviewed = bumpOnBranch("feat/bump", "1.1.0");
		this.remote.pushExternally("feat/bump", Map.of("unreviewed.txt", "sneaky\n"), "Unreviewed");
		Map<String, ObjectId> before = this.remote.branches();

		assertThatThrownBy(() -> this.gitOps
			.merge(new MergeRequest("feat/bump", reviewed, "main", "Merge", "carol", Map.of()))
			.block(WAIT))
			.isInstanceOfSatisfying(BranchMovedException.class, (ex) -> {
				assertThat(ex.branch()).isEqualTo("feat/bump");
				assertThat(ex.expectedCommit()).isEqualTo(reviewed);
				assertThat(ex.actualCommit()).isEqualTo(this.remote.head("feat/bump"));
			});
		assertThat(this.remote.branches()).isEqualTo(before);
	}

	@Test
	void reportsASourceTheTargetAlreadyHoldsWithoutPushing() {
		String feature = this.remote.pushExternally("feat/old", Map.of("old.txt", "old\n"), "Old feature");
		this.remote.git().run(this.remote.directory(), "--git-dir=" + this.remote.directory(), "update-ref",
				"refs/heads/main", feature);
		this.events.clear();

		MergeResult result = this.gitOps.merge("feat/old", "main", "Merge", "carol", Map.of()).block(WAIT);

		assertThat(result.outcome()).isEqualTo(MergeResult.Outcome.ALREADY_MERGED);
		assertThat(result.merged()).isFalse();
		assertThat(result.commitId()).isEqualTo(feature);
		assertThat(this.events).isEmpty();
		assertThatThrownBy(() -> this.gitOps.merge("feat/none", "main", "Merge", "carol", Map.of()).block(WAIT))
			.isInstanceOf(UnknownRefException.class)
			.hasMessageContaining("feat/none");
		assertThatIllegalArgumentException().isThrownBy(() -> new MergeRequest("main", null, "main", "m", "a", Map.of()));
	}

	@Test
	void deletesABranchOnlyWhileItIsWhereTheCallerExpects() {
		String tip = bumpOnBranch("feat/bump", "1.1.0");
		String other = bumpOnBranch("feat/other", "1.2.0");
		this.remote.pushExternally("feat/other", Map.of("late.txt", "late\n"), "Pushed after the merge");
		this.events.clear();

		assertThat(this.gitOps.deleteBranch("feat/bump", tip, "carol").block(WAIT)).isTrue();
		assertThat(this.gitOps.deleteBranch("feat/other", other, "carol").block(WAIT)).isFalse();
		assertThat(this.gitOps.deleteBranch("feat/none", null, "carol").block(WAIT)).isFalse();

		assertThat(this.remote.branches()).doesNotContainKey("refs/heads/feat/bump").containsKey("refs/heads/feat/other");
		assertThat(BareRemote.branchesOf(cacheDirectory())).isEqualTo(this.remote.branches());
		assertThat(this.gitOps.branchExists("feat/bump").block(WAIT)).isFalse();
		assertThat(this.events).containsExactly(new BranchDeleted("carol", "feat/bump", tip));
		assertThat(((BranchDeleted) this.events.get(0)).action()).isEqualTo("git.branch-deleted");
		assertThatThrownBy(() -> this.gitOps.deleteBranch("main", null, "carol").block(WAIT))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("main branch");
	}

	private static Map<String, String> trailers(String... keysAndValues) {
		Map<String, String> trailers = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			trailers.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return trailers;
	}

	private static long countObjects(Path gitDirectory) {
		try (Stream<Path> files = Files.walk(gitDirectory.resolve("objects"))) {
			return files.filter(Files::isRegularFile).count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
