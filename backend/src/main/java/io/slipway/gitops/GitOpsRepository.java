package io.slipway.gitops;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.slipway.gitops.internal.JGitInfraRepository;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The infra repository: read files at a branch or commit, and commit sets of file changes that
 * are pushed to the remote. The one way Slipway touches Git.
 * <p>
 * <b>Where reads come from.</b> Slipway keeps a bare cache clone in
 * {@code <slipway.data-dir>/cache/infra.git} that mirrors the remote's branches. Reads
 * ({@link #readFile}, {@link #listFiles}, {@link #branchExists}, {@link #head}) use the cache
 * and only fetch when it does not know the ref asked for (a branch created elsewhere, a commit id
 * not seen yet). They therefore answer in milliseconds and keep working while the remote is
 * down, but may lag behind pushes made by others: call {@link #refresh()} first when that
 * matters. Every {@link #commit} and {@link #status()} fetches, and the cache only ever moves to
 * what the remote holds, so it never shows a change the remote did not accept.
 * <p>
 * <b>How writes behave.</b> A commit is built in memory on the branch's current tip (no working
 * tree), pushed with a lease on that tip, and published as {@link ChangesCommitted} once the
 * remote accepted it. If another writer moved the branch first, the same changes are applied
 * again to the new tip and pushed again, with a growing, jittered pause, up to
 * {@code slipway.git.push-attempts} times. Commits from this process run one at a time.
 * <p>
 * Every method runs the blocking Git work on the bounded-elastic scheduler, never on the caller's
 * thread. Errors arrive as {@link GitOpsException} subtypes whose messages are safe to show.
 */
@Service
public class GitOpsRepository {

	private final JGitInfraRepository repository;

	private final ApplicationEventPublisher events;

	@Autowired
	GitOpsRepository(GitOpsProperties properties, @Value("${slipway.data-dir:./data}") String dataDir,
			ApplicationEventPublisher events) {
		this(properties, Path.of(dataDir), events, Clock.systemUTC());
	}

	GitOpsRepository(GitOpsProperties properties, Path dataDir, ApplicationEventPublisher events, Clock clock) {
		this.repository = JGitInfraRepository.open(properties, dataDir, clock);
		this.events = events;
	}

	/**
	 * The content of a file at a branch or commit, or empty when the file does not exist there.
	 *
	 * @param ref a branch name (e.g. {@code main}) or a full or abbreviated commit id
	 * @param path the file, relative to the repository root
	 * @return the file's text; an error {@link UnknownRefException} when the ref does not exist
	 */
	public Mono<Optional<String>> readFile(String ref, String path) {
		return blocking(() -> this.repository.readFile(ref, path));
	}

	/**
	 * The files below a directory, recursively, as paths from the repository root.
	 *
	 * @param ref a branch name or commit id
	 * @param directory e.g. {@code apps/billing}; {@code ""} lists the whole repository
	 * @return the paths in Git's order (empty when the directory does not exist)
	 */
	public Mono<List<String>> listFiles(String ref, String directory) {
		return blocking(() -> this.repository.listFiles(ref, directory));
	}

	/**
	 * Commits the request's changes and pushes them; see the class description for retries.
	 *
	 * @return what happened; errors {@link ChangeConflictException} when a change does not fit
	 * (nothing written), {@link PushRejectedException} when the remote kept refusing,
	 * {@link RemoteUnavailableException} or {@link AuthenticationFailedException} when the remote
	 * cannot be used
	 */
	public Mono<CommitResult> commit(CommitRequest request) {
		return blocking(() -> {
			CommitResult result = this.repository.commit(request);
			if (result.committed()) {
				this.events.publishEvent(new ChangesCommitted(request.actor(), result.branch(), result.commitId(),
						request.message(), result.paths()));
			}
			return result;
		});
	}

	/**
	 * Whether a branch exists (fetching first only when the cache does not know it).
	 */
	public Mono<Boolean> branchExists(String branch) {
		return blocking(() -> this.repository.branchExists(branch));
	}

	/**
	 * The tip of a branch, or empty when there is no such branch (fetching first only when the
	 * cache does not know it).
	 */
	public Mono<Optional<CommitSummary>> head(String branch) {
		return blocking(() -> this.repository.head(branch));
	}

	/**
	 * Fetches every branch from the remote, so the following reads see pushes made by others.
	 */
	public Mono<Void> refresh() {
		return blocking(() -> {
			this.repository.refresh();
			return null;
		}).then();
	}

	/**
	 * Checks the remote and reports the connection's health and the main branch's tip. Never
	 * errors for a remote that cannot be reached: that is part of the answer.
	 */
	public Mono<RepositoryStatus> status() {
		return blocking(this.repository::status);
	}

	/**
	 * The main branch's name ({@code slipway.git.branch}).
	 */
	public String mainBranch() {
		return this.repository.mainBranch();
	}

	@PreDestroy
	void close() {
		this.repository.close();
	}

	private static <T> Mono<T> blocking(Callable<T> work) {
		return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
	}

}
