package io.slipway.gitops;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.slipway.testsupport.GitCommandLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Which commit last changed this overlay", asked again and again as the main branch grows (the
 * service pages and every promotion ask it), at newer and older commits and on another branch:
 * always the answer {@code git log -1 -- <path>} gives.
 */
class GitOpsHistoryTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String STAGING = "services/billing/overlays/staging";

	private static final String PRODUCTION = "services/billing/overlays/production";

	private static final String UNTOUCHED = "services/ledger/overlays/production";

	@TempDir
	Path temp;

	private BareRemote remote;

	private GitOpsRepository gitOps;

	@BeforeEach
	void createRemote() {
		GitCommandLine git = new GitCommandLine(this.temp.resolve("home"));
		this.remote = BareRemote.create(this.temp.resolve("server/infra.git"), this.temp.resolve("scratch"), git);
		this.remote.pushExternally(Map.of("README.md", "# infra\n", STAGING + "/kustomization.yaml", "tag: 1.0.0\n",
				PRODUCTION + "/kustomization.yaml", "tag: 1.0.0\n", UNTOUCHED + "/kustomization.yaml", "tag: 0.9.0\n"),
				"Seed the infra repository");
		this.gitOps = new GitOpsRepository(GitOpsProperties.forRemote(this.remote.fileUrl()), this.temp.resolve("data"),
				(event) -> {
				}, Clock.systemUTC());
	}

	@AfterEach
	void close() {
		this.gitOps.close();
	}

	private String commit(String branch, String path, String content) {
		return this.gitOps.commit(CommitRequest.builder("Change " + path).branch(branch).put(path, content).build())
			.block(WAIT)
			.commitId();
	}

	private Map<String, String> ours(String ref) {
		Map<String, CommitSummary> found = this.gitOps.lastCommits(ref, List.of(STAGING, PRODUCTION, UNTOUCHED, "nowhere"))
			.block(WAIT);
		return found.entrySet()
			.stream()
			.collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().id()));
	}

	private Map<String, String> gits(String ref) {
		Map<String, String> answers = new java.util.HashMap<>();
		for (String path : List.of(STAGING, PRODUCTION, UNTOUCHED, "nowhere")) {
			String id = this.remote.git()
				.run(this.remote.directory(), "--git-dir=" + this.remote.directory(), "log", "-1", "--format=%H", ref,
						"--", path)
				.strip();
			if (!id.isEmpty()) {
				answers.put(path, id);
			}
		}
		return answers;
	}

	@Test
	void answersAsGitLogDoesWhileTheBranchGrowsAndWhenAskedAtOlderCommitsOrAnotherBranch() {
		this.gitOps.refresh().block(WAIT);
		String seed = this.remote.head("main");
		assertThat(ours("main")).isEqualTo(gits("main")).containsOnlyKeys(STAGING, PRODUCTION, UNTOUCHED);

		String firstStaging = commit("main", STAGING + "/kustomization.yaml", "tag: 1.1.0\n");
		assertThat(ours("main")).isEqualTo(gits("main")).containsEntry(STAGING, firstStaging);

		// many commits that do not touch production, then one that does, from outside Slipway too
		for (int i = 0; i < 12; i++) {
			commit("main", STAGING + "/kustomization.yaml", "tag: 1.1." + (i + 1) + "\n");
			assertThat(ours("main")).isEqualTo(gits("main"));
		}
		this.remote.pushExternally(Map.of(PRODUCTION + "/kustomization.yaml", "tag: 1.1.12\n"), "Promote by hand");
		this.gitOps.refresh().block(WAIT);
		String promoted = this.remote.head("main");
		assertThat(ours("main")).isEqualTo(gits("main")).containsEntry(PRODUCTION, promoted);

		// an older commit than the ones answered for: not the newer answers
		assertThat(ours(firstStaging)).isEqualTo(gits(firstStaging)).containsEntry(STAGING, firstStaging);
		assertThat(ours(seed)).isEqualTo(gits(seed));
		// another line of history, forked before production was promoted
		this.remote.git()
			.run(this.remote.directory(), "--git-dir=" + this.remote.directory(), "branch", "hotfix", firstStaging);
		this.gitOps.refresh().block(WAIT);
		String hotfix = commit("hotfix", PRODUCTION + "/kustomization.yaml", "tag: 1.0.1\n");
		assertThat(ours("hotfix")).isEqualTo(gits("hotfix")).containsEntry(PRODUCTION, hotfix);
		// and main again, after the detours
		commit("main", STAGING + "/kustomization.yaml", "tag: 1.2.0\n");
		assertThat(ours("main")).isEqualTo(gits("main")).containsEntry(PRODUCTION, promoted);
	}

}
