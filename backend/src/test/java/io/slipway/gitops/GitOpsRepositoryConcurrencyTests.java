package io.slipway.gitops;

import io.slipway.testsupport.GitCommandLine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many writers at once: twenty commits through the adapter started together, and a human
 * pushing with the git command line in the middle of them. Nothing may be lost or overwritten.
 */
class GitOpsRepositoryConcurrencyTests {

	private static final int WRITERS = 20;

	@TempDir
	Path temp;

	@Test
	void keepsEveryChangeOfConcurrentWritersInALinearHistory() {
		GitCommandLine git = new GitCommandLine(this.temp.resolve("home"));
		BareRemote remote = BareRemote.create(this.temp.resolve("server/infra.git"), this.temp.resolve("scratch"), git);
		String seed = remote.pushExternally(Map.of("README.md", "# infra\n"), "Seed");
		List<Object> events = new CopyOnWriteArrayList<>();
		GitOpsRepository gitOps = new GitOpsRepository(GitOpsProperties.forRemote(remote.fileUrl()),
				this.temp.resolve("data"), events::add, Clock.systemUTC());
		try {
			List<Mono<CommitResult>> writers = IntStream.range(0, WRITERS)
				.mapToObj((i) -> gitOps.commit(CommitRequest.builder("Writer " + i)
					.actor("writer-" + i)
					.create("writers/writer-" + i + ".txt", "written by " + i + "\n")
					.build()))
				.toList();

			// all twenty subscribe at once and queue up for the repository
			StepVerifier.Step<CommitResult> all = StepVerifier.create(Flux.merge(writers));
			CompletableFuture<Void> verified = CompletableFuture
				.runAsync(() -> all.expectNextCount(WRITERS).expectComplete().verify(Duration.ofSeconds(120)));
			// a human pushes while the writers are busy
			await().atMost(Duration.ofSeconds(60)).until(() -> remote.history("main").size() >= 3);
			pushLikeAHuman(remote);
			verified.join();

			List<RevCommit> history = remote.history("main");
			assertThat(history).hasSize(1 + WRITERS + 1);
			assertThat(history.get(history.size() - 1).name()).isEqualTo(seed);
			assertThat(history.subList(0, history.size() - 1))
				.allSatisfy((commit) -> assertThat(commit.getParentCount()).isOne());
			for (int i = 0; i < WRITERS; i++) {
				assertThat(remote.file("main", "writers/writer-" + i + ".txt")).contains("written by " + i + "\n");
			}
			assertThat(remote.file("main", "human.txt")).contains("pushed by hand\n");
			assertThat(events).hasSize(WRITERS);

			// the cache may not have seen the human's push yet, but never holds what the remote lacks
			Path cache = this.temp.resolve("data/cache/infra.git");
			String cachedMain = BareRemote.branchesOf(cache).get("refs/heads/main").name();
			assertThat(history).extracting(RevCommit::name).contains(cachedMain);
			Set<String> expectedFiles = IntStream.range(0, WRITERS)
				.mapToObj((i) -> "writers/writer-" + i + ".txt")
				.collect(Collectors.toSet());
			assertThat(gitOps.refresh().then(gitOps.listFiles("main", "writers")).block(Duration.ofSeconds(30)))
				.containsExactlyInAnyOrderElementsOf(expectedFiles);
			assertThat(BareRemote.branchesOf(cache)).isEqualTo(remote.branches());
		}
		finally {
			gitOps.close();
		}
	}

	// clone, commit, push; on a rejection, rebase onto what the writers pushed and try again
	private static void pushLikeAHuman(BareRemote remote) {
		Path clone = remote.cloneInto();
		BareRemote.writeFiles(clone, Map.of("human.txt", "pushed by hand\n"));
		GitCommandLine git = remote.git();
		git.run(clone, "add", "human.txt");
		git.run(clone, "commit", "--quiet", "-m", "Pushed by hand");
		for (int attempt = 1;; attempt++) {
			GitCommandLine.Result push = git.tryRun(clone, "push", "--quiet", "origin", "HEAD:refs/heads/main");
			if (push.exitCode() == 0) {
				return;
			}
			if (attempt == 20) {
				throw new AssertionError("the human could not push: " + push.output());
			}
			git.run(clone, "pull", "--quiet", "--rebase", "origin", "main");
		}
	}

}
