package io.slipway.gitops;

import io.slipway.testsupport.GitCommandLine;
import io.slipway.testsupport.GitHttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeout;

/**
 * Writes that queue up together go out together: against a real {@code git http-backend}, whose
 * receive hooks count the pushes, hold one push at the gate while others queue behind it, and
 * play another writer moving {@code main} in the middle of a push. Run against a remote that
 * takes atomic pushes and one that does not ({@code receive.advertiseAtomic=false}).
 */
class GitOpsGroupCommitTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@TempDir
	Path temp;

	private BareRemote remote;

	private GitHttpServer server;

	private GitOpsRepository gitOps;

	private final List<Object> events = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() throws IOException {
		GitCommandLine git = new GitCommandLine(this.temp.resolve("home"));
		this.remote = BareRemote.create(this.temp.resolve("srv/infra.git"), this.temp.resolve("scratch"), git);
		this.remote.pushExternally(Map.of("README.md", "# infra\n", "apps/billing.yaml", "tag: 1.0.0\n"), "Seed");
		this.server = GitHttpServer.start(this.temp.resolve("srv"), this.temp.resolve("home"), "ci", "s3cret");
		GitOpsProperties defaults = GitOpsProperties.forRemote(this.server.url("infra.git"));
		this.gitOps = new GitOpsRepository(new GitOpsProperties(defaults.url(), "main", "ci", "s3cret", defaults.mode(),
				defaults.timeout(), 5, "Slipway", "slipway@localhost"), this.temp.resolve("data"), this.events::add,
				Clock.systemUTC());
		installHooks(null);
	}

	@AfterEach
	void stop() {
		this.gitOps.close();
		this.server.close();
	}

	@ParameterizedTest(name = "atomic pushes: {0}")
	@ValueSource(booleans = { true, false })
	void landsWritersThatQueuedTogetherInOnePush(boolean atomic) {
		remoteTakesAtomicPushes(atomic);
		CompletableFuture<CommitResult> gate = holdAtTheGate();
		List<CompletableFuture<CommitResult>> writers = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			writers.add(this.gitOps
				.commit(CommitRequest.builder("Writer " + i).actor("writer-" + i).create("writers/" + i + ".txt", i + "\n").build())
				.toFuture());
		}
		for (int i = 0; i < 4; i++) {
			writers.add(this.gitOps
				.commit(CommitRequest.builder("Feature " + i).branch("feat/" + i).create("features/" + i + ".txt", i + "\n").build())
				.toFuture());
		}
		openTheGate();

		assertThat(gate.join().committed()).isTrue();
		writers.forEach((writer) -> assertThat(writer.join().committed()).isTrue());
		// the gate's push, then one push for all twelve (main's eight chained, four new branches)
		assertThat(pushes()).containsExactly(1, 5);
		List<RevCommit> main = this.remote.history("main");
		assertThat(main).hasSize(1 + 8);
		assertThat(main.subList(0, 8)).allSatisfy((commit) -> assertThat(commit.getParentCount()).isOne());
		for (int i = 0; i < 8; i++) {
			assertThat(this.remote.file("main", "writers/" + i + ".txt")).contains(i + "\n");
			assertThat(writers.get(i).join().attempts()).isOne();
		}
		for (int i = 0; i < 4; i++) {
			assertThat(this.remote.head("feat/" + i)).isEqualTo(writers.get(8 + i).join().commitId());
		}
		assertThat(this.events).filteredOn(ChangesCommitted.class::isInstance).hasSize(1 + 12);
		assertThat(BareRemote.branchesOf(cache())).isEqualTo(this.remote.branches());
	}

	@Test
	void failsAWriteThatDoesNotFitAloneWhileTheOthersOfItsBatchLand() {
		String feature = this.remote.pushExternally("feat/conflict", Map.of("apps/billing.yaml", "tag: 1.1.0\n"),
				"Bump billing on a branch");
		forgetPushes();
		CompletableFuture<CommitResult> gate = holdAtTheGate();
		CompletableFuture<CommitResult> first = this.gitOps
			.commit(CommitRequest.builder("First").create("first.txt", "1\n").build())
			.toFuture();
		// a file the first write created in this very batch
		CompletableFuture<CommitResult> clash = this.gitOps
			.commit(CommitRequest.builder("Clash").create("first.txt", "again\n").build())
			.toFuture();
		CompletableFuture<CommitResult> hotfix = this.gitOps
			.commit(CommitRequest.builder("Hotfix").put("apps/billing.yaml", "tag: 1.0.1\n").build())
			.toFuture();
		// main's hotfix (planned just before) and the branch changed the same line
		CompletableFuture<MergeResult> conflicting = this.gitOps
			.merge(new MergeRequest("feat/conflict", feature, "main", "Merge", "carol", Map.of())
				.deletingSourceBranch(true))
			.toFuture();
		CompletableFuture<CommitResult> last = this.gitOps
			.commit(CommitRequest.builder("Last").create("last.txt", "last\n").build())
			.toFuture();
		openTheGate();
		gate.join();

		assertThatThrownBy(clash::join).isInstanceOf(CompletionException.class)
			.cause()
			.isInstanceOf(ChangeConflictException.class)
			.hasMessageContaining("first.txt");
		assertThatThrownBy(conflicting::join).isInstanceOf(CompletionException.class)
			.cause()
			.isInstanceOf(MergeConflictException.class)
			.hasMessageContaining("apps/billing.yaml");
		assertThat(pushes()).containsExactly(1, 1);
		assertThat(this.remote.history("main")).extracting(RevCommit::getShortMessage)
			.containsExactly("Last", "Hotfix", "First", "Seed");
		assertThat(first.join().attempts()).isOne();
		assertThat(last.join().commitId()).isEqualTo(this.remote.head("main"));
		assertThat(this.remote.file("main", "first.txt")).contains("1\n");
		assertThat(this.remote.file("main", "apps/billing.yaml")).contains("tag: 1.0.1\n");
		// the failed merge left its branch where it was
		assertThat(this.remote.head("feat/conflict")).isEqualTo(feature);
		assertThat(this.events).noneMatch((event) -> event instanceof BranchMerged || event instanceof BranchDeleted);
		assertThat(hotfix.join().committed()).isTrue();
	}

	@ParameterizedTest(name = "atomic pushes: {0}")
	@ValueSource(booleans = { true, false })
	void appliesAgainOnlyTheWritesWhoseBranchAnotherWriterMovedDuringThePush(boolean atomic) throws IOException {
		remoteTakesAtomicPushes(atomic);
		String elsewhere = this.remote.pushExternally("elsewhere", Map.of("README.md", "# edited elsewhere\n"),
				"Edit the readme elsewhere");
		installHooks(elsewhere);
		CompletableFuture<CommitResult> gate = holdAtTheGate();
		CompletableFuture<CommitResult> onMain = this.gitOps
			.commit(CommitRequest.builder("On main").create("main.txt", "main\n").build())
			.toFuture();
		CompletableFuture<CommitResult> onBranch = this.gitOps
			.commit(CommitRequest.builder("On a branch").branch("feat/a").create("a.txt", "a\n").build())
			.toFuture();
		openTheGate();
		gate.join();

		assertThat(onMain.join().attempts()).isEqualTo(2);
		assertThat(onBranch.join().attempts()).isOne();
		assertThat(this.remote.head("feat/a")).isEqualTo(onBranch.join().commitId());
		List<RevCommit> main = this.remote.history("main");
		assertThat(main.get(0).name()).isEqualTo(onMain.join().commitId());
		assertThat(main.get(0).getParents()).extracting(RevCommit::name).containsExactly(elsewhere);
		assertThat(this.remote.file("main", "README.md")).contains("# edited elsewhere\n");
		assertThat(BareRemote.branchesOf(cache())).isEqualTo(this.remote.branches());
	}

	@ParameterizedTest(name = "atomic pushes: {0}")
	@ValueSource(booleans = { true, false })
	void deletesTheMergedBranchWithTheMerge(boolean atomic) {
		remoteTakesAtomicPushes(atomic);
		String tip = this.gitOps
			.commit(CommitRequest.builder("Bump").branch("feat/bump").put("apps/billing.yaml", "tag: 1.1.0\n").build())
			.block(WAIT)
			.commitId();
		this.events.clear();

		MergeResult result = this.gitOps
			.merge(new MergeRequest("feat/bump", tip, "main", "Merge", "carol", Map.of()).deletingSourceBranch(true))
			.block(WAIT);

		assertThat(result.outcome()).isEqualTo(MergeResult.Outcome.FAST_FORWARD);
		assertThat(result.sourceBranchDeleted()).isTrue();
		assertThat(this.remote.head("main")).isEqualTo(tip);
		assertThat(this.remote.branches()).doesNotContainKey("refs/heads/feat/bump");
		assertThat(BareRemote.branchesOf(cache())).isEqualTo(this.remote.branches());
		// the commit's push, then the merge with the deletion in one push; ref by ref, two
		assertThat(pushes()).containsExactlyElementsOf(atomic ? List.of(1, 2) : List.of(1, 1, 1));
		assertThat(this.events).containsExactly(
				new BranchMerged("carol", "feat/bump", "main", tip, tip, MergeResult.Outcome.FAST_FORWARD),
				new BranchDeleted("carol", "feat/bump", tip));
	}

	@Test
	void answersTheStatusFromTheLastContactWithoutWaitingForTheRemote() {
		CommitResult written = this.gitOps.commit(CommitRequest.builder("Scale").put("replicas.txt", "2\n").build())
			.block(WAIT);
		this.server.stop();

		RepositoryStatus status = assertTimeout(Duration.ofSeconds(2), () -> this.gitOps.status().block(WAIT));

		assertThat(status.reachable()).isTrue();
		assertThat(status.head().id()).isEqualTo(written.commitId());
		assertThat(status.lastFetchAt()).isNotNull();
	}

	// --- the remote's hooks

	/**
	 * A commit to the branch {@code gate} whose push the remote holds until {@link #openTheGate()}:
	 * whatever is written meanwhile queues up behind it.
	 */
	private CompletableFuture<CommitResult> holdAtTheGate() {
		CompletableFuture<CommitResult> gate = this.gitOps
			.commit(CommitRequest.builder("Gate").branch("gate").create("gate.txt", "gate\n").build())
			.toFuture();
		await().atMost(WAIT).until(() -> Files.exists(this.temp.resolve("at-the-gate")));
		return gate;
	}

	private void openTheGate() {
		try {
			Files.writeString(this.temp.resolve("gate-open"), "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void forgetPushes() {
		try {
			Files.deleteIfExists(this.temp.resolve("pushes.log"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** How many refs each push that landed updated, in order. */
	private List<Integer> pushes() {
		try {
			Path log = this.temp.resolve("pushes.log");
			return Files.exists(log)
					? Files.readAllLines(log).stream().map(String::strip).map(Integer::valueOf).toList() : List.of();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Counts pushes that landed (post-receive) and holds a push to {@code gate} until the test
	 * opens it (pre-receive); with {@code moveMainTo}, moves main there once, as another writer,
	 * while the first other push waits for the remote's answer.
	 */
	private void installHooks(String moveMainTo) {
		String move = (moveMainTo == null) ? "" : """
				    if [ ! -e "%1$s" ]; then
				      touch "%1$s"
				      unset GIT_QUARANTINE_PATH
				      git update-ref refs/heads/main %2$s
				    fi
				""".formatted(this.temp.resolve("moved-once"), moveMainTo);
		hook("pre-receive", """
				#!/bin/sh
				updates=$(cat)
				case "$updates" in
				  *refs/heads/gate*)
				    touch "%1$s"
				    i=0
				    while [ ! -e "%2$s" ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i + 1)); done
				    ;;
				  *)
				%3$s    ;;
				esac
				exit 0
				""".formatted(this.temp.resolve("at-the-gate"), this.temp.resolve("gate-open"), move));
		hook("post-receive", """
				#!/bin/sh
				wc -l >> "%s"
				""".formatted(this.temp.resolve("pushes.log")));
	}

	private void hook(String name, String script) {
		try {
			Path hook = this.remote.directory().resolve("hooks").resolve(name);
			Files.createDirectories(hook.getParent());
			Files.writeString(hook, script);
			hook.toFile().setExecutable(true);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void remoteTakesAtomicPushes(boolean atomic) {
		this.remote.git().run(this.remote.directory(), "--git-dir=" + this.remote.directory(), "config",
				"receive.advertiseAtomic", String.valueOf(atomic));
	}

	private Path cache() {
		return this.temp.resolve("data/cache/infra.git");
	}

}
