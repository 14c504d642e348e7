package io.slipway.gitops;

import io.slipway.testsupport.GitCommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The infra repository adapter against a real bare repository reached over {@code file://},
 * with the git command line playing the other writers.
 */
class GitOpsRepositoryIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	Path temp;

	private BareRemote remote;

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final List<GitOpsRepository> opened = new ArrayList<>();

	private GitOpsRepository gitOps;

	@BeforeEach
	void createRemote() {
		GitCommandLine git = new GitCommandLine(this.temp.resolve("home"));
		this.remote = BareRemote.create(this.temp.resolve("server/infra.git"), this.temp.resolve("scratch"), git);
		this.remote.pushExternally(Map.of("README.md", "# infra\n", "apps/billing/staging/values.yaml",
				"image:\n  tag: 1.0.0\n", "apps/billing/production/values.yaml", "image:\n  tag: 0.9.0\n",
				"apps/billing-worker/staging/values.yaml", "replicas: 1\n"), "Seed the infra repository");
		this.gitOps = open(GitOpsProperties.forRemote(this.remote.fileUrl()));
	}

	@AfterEach
	void close() {
		this.opened.forEach(GitOpsRepository::close);
	}

	private GitOpsRepository open(GitOpsProperties properties) {
		return open(properties, this.temp.resolve("data"));
	}

	private GitOpsRepository open(GitOpsProperties properties, Path dataDir) {
		GitOpsRepository repository = new GitOpsRepository(properties, dataDir, this.events::add, Clock.systemUTC());
		this.opened.add(repository);
		return repository;
	}

	private Path cacheDirectory() {
		return this.temp.resolve("data/cache/infra.git");
	}

	private CommitResult commit(CommitRequest request) {
		return this.gitOps.commit(request).block(WAIT);
	}

	@Test
	void readsFilesAtBranchesAndCommits() {
		String seed = this.remote.head("main");
		this.remote.pushExternally(Map.of("apps/billing/staging/values.yaml", "image:\n  tag: 1.1.0\n"), "Bump");

		assertThat(this.gitOps.readFile("main", "apps/billing/staging/values.yaml").block(WAIT))
			.contains("image:\n  tag: 1.1.0\n");
		assertThat(this.gitOps.readFile(seed, "apps/billing/staging/values.yaml").block(WAIT))
			.contains("image:\n  tag: 1.0.0\n");
		assertThat(this.gitOps.readFile(seed.substring(0, 8), "README.md").block(WAIT)).contains("# infra\n");
		assertThat(this.gitOps.readFile("main", "apps/missing.yaml").block(WAIT)).isEmpty();
		// a directory is not a file
		assertThat(this.gitOps.readFile("main", "apps/billing").block(WAIT)).isEmpty();
		assertThatThrownBy(() -> this.gitOps.readFile("no-such-branch", "README.md").block(WAIT))
			.isInstanceOf(UnknownRefException.class)
			.hasMessageContaining("no-such-branch")
			.hasMessageContaining(this.remote.fileUrl());
	}

	@Test
	void listsFilesBelowADirectoryRecursively() {
		assertThat(this.gitOps.listFiles("main", "apps/billing").block(WAIT))
			.containsExactly("apps/billing/production/values.yaml", "apps/billing/staging/values.yaml");
		assertThat(this.gitOps.listFiles("main", "/apps/billing/").block(WAIT)).hasSize(2);
		assertThat(this.gitOps.listFiles("main", "").block(WAIT)).hasSize(4).contains("README.md");
		assertThat(this.gitOps.listFiles("main", "apps/none").block(WAIT)).isEmpty();
		// a file is not a directory
		assertThat(this.gitOps.listFiles("main", "README.md").block(WAIT)).isEmpty();
	}

	@Test
	void commitsCreatedUpdatedPutAndDeletedFilesAsOneCommit() {
		String before = this.remote.head("main");

		CommitResult result = commit(CommitRequest.builder("Promote billing to 1.1.0")
			.actor("alice")
			.create("apps/billing/qa/values.yaml", "image:\n  tag: 1.1.0\n")
			.update("apps/billing/staging/values.yaml", (text) -> text.replace("1.0.0", "1.1.0"))
			.put("apps/billing/production/values.yaml", "image:\n  tag: 1.0.0\n")
			.delete("apps/billing-worker/staging/values.yaml")
			.build());

		assertThat(result.outcome()).isEqualTo(CommitResult.Outcome.COMMITTED);
		assertThat(result.attempts()).isOne();
		assertThat(result.paths()).containsExactly("apps/billing/qa/values.yaml", "apps/billing/staging/values.yaml",
				"apps/billing/production/values.yaml", "apps/billing-worker/staging/values.yaml");
		assertThat(this.remote.head("main")).isEqualTo(result.commitId());
		assertThat(this.remote.history("main").get(0).getParent(0).name()).isEqualTo(before);
		assertThat(this.remote.file("main", "apps/billing/qa/values.yaml")).contains("image:\n  tag: 1.1.0\n");
		assertThat(this.remote.file("main", "apps/billing/staging/values.yaml")).contains("image:\n  tag: 1.1.0\n");
		assertThat(this.remote.file("main", "apps/billing/production/values.yaml")).contains("image:\n  tag: 1.0.0\n");
		assertThat(this.remote.file("main", "apps/billing-worker/staging/values.yaml")).isEmpty();
		// what git itself thinks of the objects we wrote
		this.remote.git().run(this.remote.directory(), "--git-dir=" + this.remote.directory(), "fsck", "--strict");
		assertThat(BareRemote.branchesOf(cacheDirectory())).isEqualTo(this.remote.branches());
		assertThat(this.events).containsExactly(new ChangesCommitted("alice", "main", result.commitId(),
				"Promote billing to 1.1.0", result.paths()));
		ChangesCommitted event = (ChangesCommitted) this.events.get(0);
		assertThat(event.action()).isEqualTo("git.committed");
		assertThat(event.subject()).isEqualTo("main");
		assertThat(event.details()).containsEntry("commitId", result.commitId());
	}

	@Test
	void makesNoCommitWhenTheChangesAlterNothing() {
		String before = this.remote.head("main");

		CommitResult result = commit(CommitRequest.builder("Set the tag that is already set")
			.put("apps/billing/staging/values.yaml", "image:\n  tag: 1.0.0\n")
			.create("README.md", "# infra\n")
			.update("apps/billing/production/values.yaml", (text) -> text)
			.build());

		assertThat(result.outcome()).isEqualTo(CommitResult.Outcome.UNCHANGED);
		assertThat(result.committed()).isFalse();
		assertThat(result.commitId()).isEqualTo(before);
		assertThat(result.paths()).isEmpty();
		assertThat(this.remote.head("main")).isEqualTo(before);
		assertThat(this.remote.history("main")).hasSize(1);
		assertThat(this.events).isEmpty();
	}

	@Test
	void writesAuthorCommitterAndTrailers() {
		CommitResult result = commit(CommitRequest.builder("Promote billing to staging\n\nRequested from the UI.")
			.author("Alice Example", "alice@example.com")
			.trailer("Promotion-Id", "42")
			.trailer("Requested-By", "alice")
			.put("apps/billing/staging/values.yaml", "image:\n  tag: 2.0.0\n")
			.build());

		String log = this.remote.git()
			.run(this.remote.directory(), "--git-dir=" + this.remote.directory(), "log", "-1",
					"--format=%an <%ae>%n%cn <%ce>%n%s%n%(trailers:only,unfold)", result.commitId());
		assertThat(log).isEqualTo("""
				Alice Example <alice@example.com>
				Slipway <slipway@localhost>
				Promote billing to staging
				Promotion-Id: 42
				Requested-By: alice

				""");
		RevCommit commit = this.remote.history("main").get(0);
		assertThat(commit.getFullMessage()).isEqualTo(
				"Promote billing to staging\n\nRequested from the UI.\n\nPromotion-Id: 42\nRequested-By: alice\n");
	}

	@Test
	void reappliesAnUpdateOnTheNewTipWhenSomeoneElsePushedMeanwhile() {
		AtomicInteger edits = new AtomicInteger();
		String seed = this.remote.head("main");

		CommitResult result = commit(CommitRequest.builder("Bump the billing image")
			.update("apps/billing/staging/values.yaml", (text) -> {
				if (edits.incrementAndGet() == 1) {
					// between our fetch and our push, a human adds a line to the same file
					this.remote.pushExternally(Map.of("apps/billing/staging/values.yaml",
							"image:\n  tag: 1.0.0\nreplicas: 3\n"), "Scale billing");
				}
				return text.replace("tag: 1.0.0", "tag: 1.2.0");
			})
			.build());

		assertThat(edits).hasValue(2);
		assertThat(result.attempts()).isEqualTo(2);
		assertThat(this.remote.file("main", "apps/billing/staging/values.yaml"))
			.contains("image:\n  tag: 1.2.0\nreplicas: 3\n");
		List<RevCommit> history = this.remote.history("main");
		assertThat(history).extracting(RevCommit::getShortMessage)
			.containsExactly("Bump the billing image", "Scale billing", "Seed the infra repository");
		assertThat(history.get(2).name()).isEqualTo(seed);
		assertThat(BareRemote.branchesOf(cacheDirectory())).isEqualTo(this.remote.branches());
	}

	@Test
	void retriesWhenAnotherWriterHoldsTheRemoteBranchLock() {
		Path lock = this.remote.directory().resolve("refs/heads/main.lock");
		AtomicInteger edits = new AtomicInteger();

		CommitResult result = commit(CommitRequest.builder("Bump while locked")
			.update("README.md", (text) -> {
				// first attempt: another writer is in the middle of updating main on the server
				if (edits.incrementAndGet() == 1) {
					createFile(lock);
				}
				else {
					deleteFile(lock);
				}
				return text + "bumped\n";
			})
			.build());

		assertThat(result.attempts()).isEqualTo(2);
		assertThat(this.remote.file("main", "README.md")).contains("# infra\nbumped\n");
		assertThat(BareRemote.branchesOf(cacheDirectory())).isEqualTo(this.remote.branches());
	}

	private static void createFile(Path file) {
		try {
			Files.writeString(file, "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void deleteFile(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void givesUpAfterTheConfiguredAttemptsWhenTheBranchKeepsMoving() {
		GitOpsProperties properties = GitOpsProperties.forRemote(this.remote.fileUrl());
		GitOpsRepository impatient = open(new GitOpsProperties(properties.url(), "main", null, null,
				GitOpsProperties.Mode.DIRECT, Duration.ofSeconds(5), 3, "Slipway", "slipway@localhost"));
		AtomicInteger edits = new AtomicInteger();

		assertThatThrownBy(() -> impatient.commit(CommitRequest.builder("Never lands")
			.update("README.md", (text) -> {
				int edit = edits.incrementAndGet();
				this.remote.pushExternally(Map.of("other-" + edit + ".txt", "x\n"), "Busy writer " + edit);
				return text + "never\n";
			})
			.build()).block(WAIT))
			.isInstanceOfSatisfying(PushRejectedException.class, (ex) -> assertThat(ex.attempts()).isEqualTo(3))
			.hasMessageContaining("after 3 attempts")
			.hasMessageContaining("main");

		assertThat(edits).hasValue(3);
		assertThat(this.remote.file("main", "README.md")).contains("# infra\n");
		// the cache may lag behind the last busy writer, but never holds a commit the remote refused
		ObjectId cached = BareRemote.branchesOf(cacheDirectory()).get("refs/heads/main");
		assertThat(this.remote.history("main")).extracting(RevCommit::name).contains(cached.name());
		assertThat(this.events).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "create-existing", "update-missing", "delete-missing", "edit-refuses",
			"file-as-directory" })
	void refusesConflictingChangesAndLeavesEveryRefAlone(String conflict) {
		this.gitOps.refresh().block(WAIT);
		Map<String, ObjectId> remoteBefore = this.remote.branches();
		Map<String, ObjectId> cacheBefore = BareRemote.branchesOf(cacheDirectory());
		CommitRequest.Builder request = CommitRequest.builder("Conflicting change")
			// a change that fits comes first: it must not be committed on its own
			.put("apps/billing/staging/values.yaml", "image:\n  tag: 9.9.9\n");
		String path = switch (conflict) {
			case "create-existing" -> {
				request.create("README.md", "# somebody else's readme\n");
				yield "README.md";
			}
			case "update-missing" -> {
				request.update("apps/missing/values.yaml", (text) -> text);
				yield "apps/missing/values.yaml";
			}
			case "delete-missing" -> {
				request.delete("apps/missing/values.yaml");
				yield "apps/missing/values.yaml";
			}
			case "edit-refuses" -> {
				request.update("apps/billing/production/values.yaml", (text) -> {
					throw new ChangeConflictException("apps/billing/production/values.yaml",
							"no image tag 0.8.0 found");
				});
				yield "apps/billing/production/values.yaml";
			}
			default -> {
				request.put("README.md/nested.yaml", "x: 1\n");
				yield "README.md/nested.yaml";
			}
		};

		assertThatThrownBy(() -> commit(request.build()))
			.isInstanceOfSatisfying(ChangeConflictException.class, (ex) -> assertThat(ex.path()).isEqualTo(path))
			.hasMessageStartingWith("conflict at " + path + ": ");

		assertThat(this.remote.branches()).isEqualTo(remoteBefore);
		assertThat(BareRemote.branchesOf(cacheDirectory())).isEqualTo(cacheBefore);
		assertThat(this.remote.file("main", "apps/billing/staging/values.yaml")).contains("image:\n  tag: 1.0.0\n");
		assertThat(this.events).isEmpty();
	}

	@Test
	void createsABranchFromMainAndLeavesMainAlone() {
		String main = this.remote.head("main");
		assertThat(this.gitOps.branchExists("slipway/promote-billing-1").block(WAIT)).isFalse();

		CommitResult result = commit(CommitRequest.builder("Promote billing to production")
			.branch("slipway/promote-billing-1")
			.put("apps/billing/production/values.yaml", "image:\n  tag: 1.0.0\n")
			.build());

		assertThat(result.branch()).isEqualTo("slipway/promote-billing-1");
		assertThat(this.remote.head("main")).isEqualTo(main);
		assertThat(this.remote.head("slipway/promote-billing-1")).isEqualTo(result.commitId());
		assertThat(this.remote.history("slipway/promote-billing-1").get(0).getParent(0).name()).isEqualTo(main);
		assertThat(this.gitOps.branchExists("slipway/promote-billing-1").block(WAIT)).isTrue();
		assertThat(this.gitOps.readFile("slipway/promote-billing-1", "apps/billing/production/values.yaml").block(WAIT))
			.contains("image:\n  tag: 1.0.0\n");
		assertThat(this.gitOps.readFile("main", "apps/billing/production/values.yaml").block(WAIT))
			.contains("image:\n  tag: 0.9.0\n");

		// a second commit goes on top of the branch, not on main
		CommitResult second = commit(CommitRequest.builder("Also scale")
			.branch("slipway/promote-billing-1")
			.put("apps/billing/production/replicas.yaml", "replicas: 2\n")
			.build());
		assertThat(this.remote.history("slipway/promote-billing-1").get(0).getParent(0).name())
			.isEqualTo(result.commitId());
		assertThat(second.attempts()).isOne();
	}

	@Test
	void createsABranchFromAnotherBaseAndRefusesAMissingBase() {
		String hotfix = this.remote.pushExternally("hotfix", Map.of("hotfix.txt", "yes\n"), "Start a hotfix");

		CommitResult result = commit(CommitRequest.builder("On top of the hotfix")
			.branch("hotfix-2")
			.baseBranch("hotfix")
			.put("more.txt", "more\n")
			.build());

		assertThat(this.remote.history("hotfix-2").get(0).getParent(0).name()).isEqualTo(hotfix);
		assertThat(result.committed()).isTrue();
		assertThatThrownBy(() -> commit(
				CommitRequest.builder("Nowhere").branch("feature").baseBranch("no-such-base").put("x", "y").build()))
			.isInstanceOf(UnknownRefException.class)
			.hasMessageContaining("no-such-base");
		assertThat(this.remote.branches()).doesNotContainKey("refs/heads/feature");
	}

	@Test
	void findsBranchesCreatedElsewhereAndSeesExternalPushesAfterARefresh() {
		this.gitOps.refresh().block(WAIT);
		this.remote.pushExternally("feature", Map.of("feature.txt", "new\n"), "Start a feature");
		this.remote.pushExternally(Map.of("README.md", "# infra, edited\n"), "Edit the readme");

		// unknown to the cache: fetched on demand
		assertThat(this.gitOps.branchExists("feature").block(WAIT)).isTrue();
		assertThat(this.gitOps.readFile("feature", "feature.txt").block(WAIT)).contains("new\n");
		// known to the cache: that fetch brought main along too
		assertThat(this.gitOps.readFile("main", "README.md").block(WAIT)).contains("# infra, edited\n");

		this.remote.pushExternally(Map.of("README.md", "# infra, edited twice\n"), "Edit the readme again");
		assertThat(this.gitOps.readFile("main", "README.md").block(WAIT)).contains("# infra, edited\n");
		this.gitOps.refresh().block(WAIT);
		assertThat(this.gitOps.readFile("main", "README.md").block(WAIT)).contains("# infra, edited twice\n");
	}

	@Test
	void reportsTheMainHeadAndWhenItLastFetched() {
		CommitResult result = commit(
				CommitRequest.builder("Scale billing\n\nbody").put("apps/billing/replicas.yaml", "2\n").build());

		RepositoryStatus status = this.gitOps.status().block(WAIT);

		assertThat(status.reachable()).isTrue();
		assertThat(status.embedded()).isFalse();
		assertThat(status.branch()).isEqualTo("main");
		assertThat(status.remoteUrl()).startsWith("file:").endsWith("infra.git");
		assertThat(status.head()).isNotNull();
		assertThat(status.head().id()).isEqualTo(result.commitId());
		assertThat(status.head().shortMessage()).isEqualTo("Scale billing");
		assertThat(status.head().authorName()).isEqualTo("Slipway");
		assertThat(status.lastFetchAt()).isNotNull();
		assertThat(status.lastError()).isNull();
		assertThat(this.gitOps.head("main").block(WAIT)).contains(status.head());
		assertThat(this.gitOps.head("nothing-here").block(WAIT)).isEmpty();
	}

	@Test
	void reportsAMissingRemoteAsUnreachable() throws Exception {
		GitOpsRepository lost = open(GitOpsProperties.forRemote(this.temp.resolve("gone.git").toUri().toString()),
				this.temp.resolve("other-data"));

		RepositoryStatus status = lost.status().block(WAIT);

		assertThat(status.reachable()).isFalse();
		assertThat(status.lastError()).startsWith("cannot reach the infra repository at file:")
			.contains("gone.git");
		assertThat(status.lastErrorAt()).isNotNull();
		assertThatThrownBy(() -> lost.readFile("main", "README.md").block(WAIT))
			.isInstanceOf(RemoteUnavailableException.class);
		assertThat(Files.exists(this.temp.resolve("gone.git"))).isFalse();
	}

	@Test
	void startsAnEmbeddedRepositoryWhenNoUrlIsConfigured() {
		Path dataDir = this.temp.resolve("embedded-data");
		GitOpsRepository embedded = open(GitOpsProperties.forRemote(null), dataDir);
		Path bare = dataDir.resolve("infra.git");
		GitCommandLine git = this.remote.git();
		assertThat(git.run(bare, "--git-dir=" + bare, "symbolic-ref", "HEAD").strip()).isEqualTo("refs/heads/main");
		assertThat(git.run(bare, "--git-dir=" + bare, "rev-parse", "--is-bare-repository").strip()).isEqualTo("true");
		assertThat(embedded.branchExists("main").block(WAIT)).isFalse();

		CommitResult first = embedded
			.commit(CommitRequest.builder("Seed").put("platform/argocd/root.yaml", "kind: Application\n").build())
			.block(WAIT);

		assertThat(first.committed()).isTrue();
		assertThat(git.run(bare, "--git-dir=" + bare, "rev-parse", "main").strip()).isEqualTo(first.commitId());
		assertThat(git.run(bare, "--git-dir=" + bare, "rev-list", "--parents", "-n", "1", "main").strip())
			.isEqualTo(first.commitId());
		RepositoryStatus status = embedded.status().block(WAIT);
		assertThat(status.embedded()).isTrue();
		assertThat(status.head().id()).isEqualTo(first.commitId());
		assertThat(embedded.readFile("main", "platform/argocd/root.yaml").block(WAIT)).contains("kind: Application\n");
	}

	@Test
	void refusesPathsThatAreNotPlainRelativePaths() {
		for (String path : List.of("/etc/passwd", "apps/../secret", "apps//x", ".git/config", "apps/", "a\\b", "")) {
			assertThatIllegalArgumentException().isThrownBy(() -> new FileChange.Put(path, "x"))
				.withMessageContaining("invalid path");
		}
		assertThatThrownBy(() -> this.gitOps.readFile("main", "../outside").block(WAIT))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CommitRequest.builder("x").trailer("Bad Key", "v").put("a", "b").build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CommitRequest.builder("x").branch("no..dots").put("a", "b").build());
	}

	@Test
	void commitsOneFileAfterAnotherInTensOfMilliseconds() {
		commit(CommitRequest.builder("Warm up").put("timing/warm-up.txt", "0\n").build());
		List<Long> millis = new ArrayList<>();
		for (int i = 1; i <= 10; i++) {
			long start = System.nanoTime();
			CommitResult result = commit(CommitRequest.builder("Commit " + i).put("timing/file.txt", i + "\n").build());
			millis.add((System.nanoTime() - start) / 1_000_000);
			assertThat(result.committed()).isTrue();
		}

		assertThat(this.remote.history("main")).hasSize(12);
		assertThat(this.remote.file("main", "timing/file.txt")).contains("10\n");
		List<Long> sorted = millis.stream().sorted().toList();
		// a rough figure for the report, not an assertion: machines differ too much
		System.out.printf("one-file commit+push over file:// (fetch, build, push, move ref): median %d ms, max %d ms%n",
				sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
	}

	@Test
	void hidesTheTokenWhenPrinted() {
		GitOpsProperties properties = new GitOpsProperties("https://git.example.com/infra.git", "main", "bot",
				"s3cr3t-t0ken", GitOpsProperties.Mode.DIRECT, Duration.ofSeconds(20), 5, "Slipway",
				"slipway@localhost");

		assertThat(properties.toString()).doesNotContain("s3cr3t-t0ken").contains("token=****");
		assertThat(properties.token()).isEqualTo("s3cr3t-t0ken");
	}

}
