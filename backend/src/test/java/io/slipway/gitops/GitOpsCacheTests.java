package io.slipway.gitops;

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
import java.util.stream.Stream;

import io.slipway.testsupport.GitCommandLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local copy Slipway keeps of the infra repository, as it looks on disk after many writes: a
 * round of writes adds one pack and no loose objects, the copy is repacked before packs pile up,
 * and git itself finds nothing wrong with it afterwards.
 */
class GitOpsCacheTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	Path temp;

	private BareRemote remote;

	private GitOpsRepository gitOps;

	@BeforeEach
	void createRemote() {
		GitCommandLine git = new GitCommandLine(this.temp.resolve("home"));
		this.remote = BareRemote.create(this.temp.resolve("server/infra.git"), this.temp.resolve("scratch"), git);
		this.remote.pushExternally(Map.of("README.md", "# infra\n", "apps/billing.yaml", "tag: 1.0.0\n"), "Seed");
		// JGit's receive-pack serves file:// pushes and would repack this remote in the background
		// after enough of them, racing the temporary directory's removal
		git.run(this.remote.directory(), "--git-dir=" + this.remote.directory(), "config", "receive.autogc", "false");
		this.gitOps = new GitOpsRepository(GitOpsProperties.forRemote(this.remote.fileUrl()), this.temp.resolve("data"),
				(event) -> {
				}, Clock.systemUTC());
		this.gitOps.refresh().block(WAIT);
	}

	@AfterEach
	void close() {
		this.gitOps.close();
	}

	@Test
	void aRoundOfWritesAddsOnePackAndNoLooseObjects() {
		int packsBefore = packs().size();
		List<CompletableFuture<CommitResult>> writes = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			writes.add(this.gitOps
				.commit(CommitRequest.builder("Writer " + i).branch("feat/" + i).create("writers/" + i + ".txt", i + "\n").build())
				.toFuture());
		}
		writes.forEach((write) -> assertThat(write.join().committed()).isTrue());
		// the six queued together or one after another: never more packs than rounds
		assertThat(packs().size() - packsBefore).isBetween(1, 6);
		assertThat(looseObjects()).isEmpty();
		for (int i = 0; i < 6; i++) {
			assertThat(this.gitOps.readFile("feat/" + i, "writers/" + i + ".txt").block(WAIT)).contains(i + "\n");
			assertThat(this.remote.file("feat/" + i, "writers/" + i + ".txt")).contains(i + "\n");
		}
	}

	@Test
	void isRepackedWithoutBitmapsBeforePacksPileUp() {
		int most = 0;
		for (int i = 0; i < 80; i++) {
			CommitResult result = this.gitOps
				.commit(CommitRequest.builder("Bump " + i).put("apps/billing.yaml", "tag: 1.0." + (i + 1) + "\n").build())
				.block(WAIT);
			assertThat(result.committed()).isTrue();
			most = Math.max(most, packs().size());
		}
		// a pack for each round, repacked into one once there are more than 50: about 30 now
		assertThat(most).isBetween(45, 52);
		assertThat(packs()).hasSizeBetween(20, 40);
		assertThat(bitmaps()).isEmpty();
		assertThat(this.gitOps.readFile("main", "apps/billing.yaml").block(WAIT)).contains("tag: 1.0.80\n");
		assertThat(this.remote.history("main")).hasSize(81);
		GitCommandLine.Result fsck = this.remote.git().tryRun(cache(), "--git-dir=" + cache(), "fsck", "--no-dangling");
		assertThat(fsck.exitCode()).as(fsck.output()).isZero();
		assertThat(this.remote.git().run(cache(), "--git-dir=" + cache(), "rev-list", "--count", "main").strip())
			.isEqualTo("81");
	}

	private Path cache() {
		return this.temp.resolve("data/cache/infra.git");
	}

	private List<Path> packs() {
		return filesIn(cache().resolve("objects/pack"), ".pack");
	}

	private List<Path> bitmaps() {
		return filesIn(cache().resolve("objects/pack"), ".bitmap");
	}

	private List<Path> looseObjects() {
		try (Stream<Path> files = Files.walk(cache().resolve("objects"))) {
			return files.filter(Files::isRegularFile)
				.filter((file) -> file.getParent().getFileName().toString().matches("[0-9a-f]{2}"))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<Path> filesIn(Path directory, String suffix) {
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(suffix)).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
