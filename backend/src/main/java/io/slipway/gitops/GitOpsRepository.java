package io.slipway.gitops;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.slipway.gitops.internal.JGitInfraRepository;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The infra repository: read files at a branch or commit, compare branches, commit sets of file
 * changes and merge branches, pushing to the remote. The one way Slipway touches Git.
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
 * {@code slipway.git.push-attempts} times. Writes from this process are group-committed: those
 * that queue up while a push is under way (commits, merges, deletions, up to 64) go out together
 * after one fetch, applied in the order they were asked for (each on the branches as the ones
 * before it left them) and pushed as one push with a lease per ref; one that does not fit fails
 * alone, and the others land. Waiting for a write holds no thread.
 * <p>
 * Every method runs the blocking Git work off the caller's thread (reads on the bounded-elastic
 * scheduler, writes on the repository's writer thread); events are published on the
 * bounded-elastic scheduler. Errors arrive as {@link GitOpsException} subtypes whose messages are
 * safe to show.
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
		return written(() -> this.repository.commit(request), (result) -> {
			if (result.committed()) {
				this.events.publishEvent(new ChangesCommitted(request.actor(), result.branch(), result.commitId(),
						request.message(), result.paths()));
			}
		});
	}

	/**
	 * Replaces {@code request.branch()} by a single new commit of the request's changes on the tip
	 * of its base branch (by default the main branch), pushed with a lease on
	 * {@code expectedTip}: a force-with-lease, for a branch that must carry exactly one commit
	 * when its change is redone (a promotion whose candidate changed). Publishes
	 * {@link ChangesCommitted} once the remote accepted it. Not retried.
	 *
	 * @param request the changes, with the branch to replace (never the main branch)
	 * @param expectedTip the commit the branch must still point at
	 * @return what happened ({@code UNCHANGED} when the changes alter nothing on the base: the
	 * branch stays as it was); errors {@link BranchMovedException} when the branch is missing or
	 * moved, {@link ChangeConflictException}, {@link PushRejectedException},
	 * {@link RemoteUnavailableException}, {@link AuthenticationFailedException}
	 */
	public Mono<CommitResult> replaceBranch(CommitRequest request, String expectedTip) {
		return written(() -> this.repository.replaceBranch(request, expectedTip), (result) -> {
			if (result.committed()) {
				this.events.publishEvent(new ChangesCommitted(request.actor(), result.branch(), result.commitId(),
						request.message(), result.paths()));
			}
		});
	}

	/**
	 * What {@code headRef} changes relative to {@code baseRef}, as a unified diff the way
	 * {@code git diff baseRef...headRef} prints it: {@code diff --git} headers, {@code ---} and
	 * {@code +++} lines, hunks with three lines of context, {@code new file mode} for added files.
	 * Compared from their merge base, so changes made on the base meanwhile do not show; without
	 * a common history, from {@code baseRef} itself. Reads the cache like {@link #readFile}.
	 *
	 * @param baseRef a branch name or commit id, typically the main branch
	 * @param headRef a branch name or commit id, typically a change-request branch
	 * @return the diff, empty when {@code headRef} changes nothing; an error
	 * {@link UnknownRefException} when a ref does not exist
	 */
	public Mono<String> diff(String baseRef, String headRef) {
		return blocking(() -> this.repository.diff(baseRef, headRef));
	}

	/**
	 * The files {@link #diff(String, String)} shows, in Git's order (the old path of a deleted
	 * file).
	 */
	public Mono<List<String>> changedPaths(String baseRef, String headRef) {
		return blocking(() -> this.repository.changedPaths(baseRef, headRef));
	}

	/**
	 * What the changes would do to {@code ref}, as a unified diff like
	 * {@link #diff(String, String)}, without committing: nothing is written to the repository or
	 * the remote, so a preview can be asked for on every keystroke.
	 *
	 * @param ref a branch name or commit id
	 * @param changes the changes a {@link CommitRequest} would carry
	 * @return the diff, empty when the changes alter nothing; an error
	 * {@link ChangeConflictException} when a change does not fit, as {@link #commit} would report it
	 */
	public Mono<String> diff(String ref, List<FileChange> changes) {
		List<FileChange> copy = List.copyOf(changes);
		return blocking(() -> this.repository.previewDiff(ref, copy));
	}

	/**
	 * Merges a branch into another and pushes: a fast-forward when the target has not moved on
	 * since the source branched off, else a merge commit (no working tree; first parent the
	 * target). Retries on a moved target like {@link #commit}. Publishes {@link BranchMerged}
	 * once the remote accepted the push, and {@link BranchDeleted} when the request asked for the
	 * source branch to go with it ({@link MergeRequest#deleteSourceBranch()}) and it went.
	 *
	 * @return what happened; errors {@link MergeConflictException} (both sides changed the same
	 * lines; nothing written), {@link UnknownRefException} (a branch is missing),
	 * {@link PushRejectedException}, {@link RemoteUnavailableException},
	 * {@link AuthenticationFailedException}
	 */
	public Mono<MergeResult> merge(String sourceBranch, String targetBranch, String message, String actor,
			Map<String, String> trailers) {
		return merge(new MergeRequest(sourceBranch, null, targetBranch, message, actor, trailers));
	}

	/**
	 * Like {@link #merge(String, String, String, String, Map)}, and with
	 * {@link MergeRequest#sourceCommit()} set refuses ({@link BranchMovedException}) to merge a
	 * source branch that moved since it was reviewed.
	 */
	public Mono<MergeResult> merge(MergeRequest request) {
		return written(() -> this.repository.merge(request), (result) -> {
			if (result.merged()) {
				this.events.publishEvent(new BranchMerged(request.actor(), result.sourceBranch(), result.targetBranch(),
						result.sourceCommit(), result.commitId(), result.outcome()));
			}
			if (result.sourceBranchDeleted()) {
				this.events.publishEvent(new BranchDeleted(request.actor(), result.sourceBranch(), result.sourceCommit()));
			}
		});
	}

	/**
	 * Deletes a branch on the remote, pushing with a lease on its tip, and publishes
	 * {@link BranchDeleted}. The main branch cannot be deleted.
	 *
	 * @param branch the branch, e.g. a merged change-request branch
	 * @param expectedTip when not {@code null}, the branch is only deleted while it still points at
	 * this commit, so commits pushed after a merge are not lost
	 * @param actor who asked, for the audit log
	 * @return whether a branch was deleted (false: no such branch, or it moved)
	 */
	public Mono<Boolean> deleteBranch(String branch, @Nullable String expectedTip, String actor) {
		return written(() -> this.repository.deleteBranch(branch, expectedTip), (deleted) -> {
			if (deleted != null) {
				this.events.publishEvent(new BranchDeleted(actor, branch, deleted));
			}
		}).hasElement();
	}

	/**
	 * For each path (a file or a directory), the latest commit reachable from {@code ref} that
	 * changed it or anything below it, like {@code git log -1 -- <path>}; one walk through the
	 * history serves all paths, so a page can show the last change of every overlay at once.
	 * Reads the cache like {@link #readFile}.
	 *
	 * @param ref a branch name or commit id
	 * @param paths files or directories relative to the repository root
	 * @return path to its last commit; paths no commit touched are absent
	 */
	public Mono<Map<String, CommitSummary>> lastCommits(String ref, Collection<String> paths) {
		List<String> copy = List.copyOf(paths);
		return blocking(() -> this.repository.lastCommits(ref, copy));
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
	 * The tip of a branch as Slipway last saw it (its last fetch or push), answered from memory
	 * without blocking: for pages that only need to know whether what they derived from a branch
	 * is still current. Empty when the branch is not known; {@link #head(String)} then says more.
	 */
	public Optional<String> knownTip(String branch) {
		return this.repository.knownTip(branch);
	}

	/**
	 * Fetches every branch from the remote, so the following reads see pushes made by others.
	 * Callers asking at the same time (and the writes queued with them) share one fetch.
	 */
	public Mono<Void> refresh() {
		return Mono.fromFuture(this.repository::refreshLater, true).publishOn(Schedulers.boundedElastic()).then();
	}

	/**
	 * Reports the connection's health and the main branch's tip, from the last contact with the
	 * remote when that is recent (under 10 seconds; writes contact it all the time), else after
	 * a fetch. Never errors for a remote that cannot be reached: that is part of the answer.
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

	/**
	 * A queued write: the write is queued on subscription, and its events are published once it
	 * landed, whether or not the subscriber is still there (the audit log must not miss a write
	 * that happened); nor does cancelling stop a write already queued.
	 */
	private static <T> Mono<T> written(Supplier<CompletableFuture<T>> write, Consumer<T> publish) {
		return Mono.fromFuture(() -> write.get().thenApplyAsync((result) -> {
			publish.accept(result);
			return result;
		}, EVENTS), true);
	}

	// the audit log records events in the publisher's thread: never the writer thread
	private static final Executor EVENTS = (task) -> Schedulers.boundedElastic().schedule(task);

}
