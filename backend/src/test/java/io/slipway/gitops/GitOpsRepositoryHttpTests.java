package io.slipway.gitops;

import io.slipway.testsupport.GitCommandLine;
import io.slipway.testsupport.GitHttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeout;

/**
 * The infra repository adapter over smart HTTP with a token, as against a Git host: a real
 * {@code git http-backend} behind an HTTP server that checks Basic credentials, and remotes
 * that are down or hang.
 */
class GitOpsRepositoryHttpTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final String USER = "slipway-bot";

	private static final String TOKEN = "glpat-test-7f3a9c";

	@TempDir
	Path temp;

	private BareRemote remote;

	private GitHttpServer server;

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final List<GitOpsRepository> opened = new ArrayList<>();

	@BeforeEach
	void startServer() {
		GitCommandLine git = new GitCommandLine(this.temp.resolve("home"));
		this.remote = BareRemote.create(this.temp.resolve("srv/infra.git"), this.temp.resolve("scratch"), git);
		this.remote.pushExternally(Map.of("apps/billing/staging/values.yaml", "image:\n  tag: 1.0.0\n"), "Seed");
		this.server = GitHttpServer.start(this.temp.resolve("srv"), this.temp.resolve("home"), USER, TOKEN);
	}

	@AfterEach
	void stop() {
		this.opened.forEach(GitOpsRepository::close);
		this.server.close();
	}

	private GitOpsRepository open(String url, String username, String token, Duration timeout, String dataDir) {
		GitOpsProperties properties = new GitOpsProperties(url, "main", username, token,
				GitOpsProperties.Mode.CHANGE_REQUEST, timeout, 5, "Slipway", "slipway@localhost");
		GitOpsRepository repository = new GitOpsRepository(properties, this.temp.resolve(dataDir), this.events::add,
				Clock.systemUTC());
		this.opened.add(repository);
		return repository;
	}

	private Path cacheOf(String dataDir) {
		return this.temp.resolve(dataDir).resolve("cache/infra.git");
	}

	@Test
	void commitsAndReadsWithAToken() {
		GitOpsRepository gitOps = open(this.server.url("infra.git"), USER, TOKEN, Duration.ofSeconds(20), "data");

		assertThat(gitOps.readFile("main", "apps/billing/staging/values.yaml").block(WAIT))
			.contains("image:\n  tag: 1.0.0\n");
		CommitResult result = gitOps.commit(CommitRequest.builder("Promote billing over HTTP")
			.actor("alice")
			.update("apps/billing/staging/values.yaml", (text) -> text.replace("1.0.0", "1.1.0"))
			.create("apps/billing/production/values.yaml", "image:\n  tag: 1.0.0\n")
			.build()).block(WAIT);

		assertThat(result.committed()).isTrue();
		assertThat(this.remote.head("main")).isEqualTo(result.commitId());
		assertThat(this.remote.file("main", "apps/billing/staging/values.yaml")).contains("image:\n  tag: 1.1.0\n");
		assertThat(this.remote.file("main", "apps/billing/production/values.yaml")).contains("image:\n  tag: 1.0.0\n");
		assertThat(gitOps.listFiles("main", "apps").block(WAIT)).containsExactly(
				"apps/billing/production/values.yaml", "apps/billing/staging/values.yaml");
		RepositoryStatus status = gitOps.status().block(WAIT);
		assertThat(status.reachable()).isTrue();
		assertThat(status.remoteUrl()).isEqualTo(this.server.url("infra.git"));
		assertThat(status.head().id()).isEqualTo(result.commitId());
		assertThat(this.events).hasSize(1);
	}

	@Test
	void retriesWhenGitOnTheServerCannotLockTheBranch() {
		GitOpsRepository gitOps = open(this.server.url("infra.git"), USER, TOKEN, Duration.ofSeconds(20), "data");
		Path lock = this.remote.directory().resolve("refs/heads/main.lock");
		AtomicInteger edits = new AtomicInteger();

		CommitResult result = gitOps.commit(CommitRequest.builder("Bump while locked")
			.update("apps/billing/staging/values.yaml", (text) -> {
				// first attempt: another push is updating main on the server right now
				if (edits.incrementAndGet() == 1) {
					writeEmptyFile(lock);
				}
				else {
					deleteFile(lock);
				}
				return text.replace("1.0.0", "1.0.1");
			})
			.build()).block(WAIT);

		assertThat(result.attempts()).isEqualTo(2);
		assertThat(this.remote.file("main", "apps/billing/staging/values.yaml")).contains("image:\n  tag: 1.0.1\n");
	}

	private static void writeEmptyFile(Path file) {
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
	void refusesAWrongTokenWithAClearMessageAndWritesNothing() {
		Map<String, ObjectId> before = this.remote.branches();
		GitOpsRepository gitOps = open(this.server.url("infra.git"), USER, "wrong-token-1234", Duration.ofSeconds(20),
				"data");

		assertThatThrownBy(() -> gitOps
			.commit(CommitRequest.builder("Should not land").put("apps/x.yaml", "x: 1\n").build())
			.block(WAIT))
			.isInstanceOf(AuthenticationFailedException.class)
			.hasMessage("the infra repository at " + this.server.url("infra.git")
					+ " refused the credentials of user 'slipway-bot' (HTTP 401);"
					+ " check slipway.git.username and slipway.git.token")
			.satisfies((ex) -> assertThat(stackTraceText(ex)).doesNotContain("wrong-token-1234"));

		assertThat(this.remote.branches()).isEqualTo(before);
		assertThat(BareRemote.branchesOf(cacheOf("data"))).isEmpty();
		RepositoryStatus status = gitOps.status().block(WAIT);
		assertThat(status.reachable()).isFalse();
		assertThat(status.lastError()).contains("refused the credentials");
		assertThat(this.events).isEmpty();
	}

	@Test
	void asksForCredentialsWhenNoneAreConfigured() {
		GitOpsRepository gitOps = open(this.server.url("infra.git"), null, null, Duration.ofSeconds(20), "data");

		assertThatThrownBy(() -> gitOps.readFile("main", "apps/billing/staging/values.yaml").block(WAIT))
			.isInstanceOf(AuthenticationFailedException.class)
			.hasMessageContaining("requires credentials (HTTP 401)")
			.hasMessageContaining("slipway.git.token");
	}

	@Test
	void failsFastWhileTheServerIsDownAndRecoversWhenItIsBack() {
		GitOpsRepository gitOps = open(this.server.url("infra.git"), USER, TOKEN, Duration.ofSeconds(5), "data");
		gitOps.refresh().block(WAIT);
		Map<String, ObjectId> remoteBefore = this.remote.branches();
		Map<String, ObjectId> cacheBefore = BareRemote.branchesOf(cacheOf("data"));
		this.server.stop();
		CommitRequest request = CommitRequest.builder("Promote while the server is down")
			.put("apps/billing/staging/values.yaml", "image:\n  tag: 2.0.0\n")
			.build();

		assertTimeout(Duration.ofSeconds(5 + 3), () -> assertThatThrownBy(() -> gitOps.commit(request).block(WAIT))
			.isInstanceOf(RemoteUnavailableException.class)
			.hasMessage(
					"cannot reach the infra repository at " + this.server.url("infra.git") + ": connection refused"));

		assertThat(this.remote.branches()).isEqualTo(remoteBefore);
		assertThat(BareRemote.branchesOf(cacheOf("data"))).isEqualTo(cacheBefore);
		// reads keep working from the cache while the remote is down
		assertThat(gitOps.readFile("main", "apps/billing/staging/values.yaml").block(WAIT))
			.contains("image:\n  tag: 1.0.0\n");
		assertThat(gitOps.status().block(WAIT).reachable()).isFalse();

		this.server.restart();
		assertThat(gitOps.commit(request).block(WAIT).committed()).isTrue();
		assertThat(this.remote.history("main")).hasSize(2);
		assertThat(this.remote.file("main", "apps/billing/staging/values.yaml")).contains("image:\n  tag: 2.0.0\n");
	}

	@Test
	void givesUpOnARemoteThatAcceptsButNeverAnswersWithinTheTimeout() throws IOException {
		// the kernel completes the TCP handshake for the backlog; nobody ever reads or answers
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			String url = "http://127.0.0.1:" + silent.getLocalPort() + "/infra.git";
			GitOpsRepository gitOps = open(url, USER, TOKEN, Duration.ofSeconds(2), "data");

			assertTimeout(Duration.ofSeconds(2 + 4), () -> assertThatThrownBy(() -> gitOps
				.commit(CommitRequest.builder("Into the void").put("a.txt", "a\n").build())
				.block(WAIT))
				.isInstanceOf(RemoteUnavailableException.class)
				.hasMessageStartingWith("cannot reach the infra repository at " + url + ": no answer within 2s"));

			assertTimeout(Duration.ofSeconds(2 + 4), () -> {
				RepositoryStatus status = gitOps.status().block(WAIT);
				assertThat(status.reachable()).isFalse();
				assertThat(status.lastError()).contains("no answer within 2s");
			});
		}
	}

	private static String stackTraceText(Throwable failure) {
		StringBuilder text = new StringBuilder();
		for (Throwable t = failure; t != null; t = t.getCause()) {
			text.append(t).append('\n');
		}
		return text.toString();
	}

}
