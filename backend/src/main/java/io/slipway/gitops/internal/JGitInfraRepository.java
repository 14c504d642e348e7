package io.slipway.gitops.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import io.slipway.gitops.BranchMovedException;
import io.slipway.gitops.ChangeConflictException;
import io.slipway.gitops.CommitAuthor;
import io.slipway.gitops.CommitRequest;
import io.slipway.gitops.CommitResult;
import io.slipway.gitops.CommitSummary;
import io.slipway.gitops.FileChange;
import io.slipway.gitops.GitOpsException;
import io.slipway.gitops.GitOpsProperties;
import io.slipway.gitops.MergeConflictException;
import io.slipway.gitops.MergeRequest;
import io.slipway.gitops.MergeResult;
import io.slipway.gitops.PushRejectedException;
import io.slipway.gitops.RepositoryStatus;
import io.slipway.gitops.UnknownRefException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.JGitText;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.PackInserter;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.Merger;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.storage.pack.PackConfig;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The infra repository as Slipway uses it: a bare cache clone in the data directory that mirrors
 * the remote's branches, read without touching the network, and written by building commits in
 * memory and pushing them.
 * <p>
 * The cache's branches move only to what the remote holds: by a fetch, or after the remote
 * accepted our push. So a failed or rejected write leaves no trace a reader could see.
 * <p>
 * Writes (commits, merges, branch deletions) are group-committed: they queue, and one writer
 * thread takes whatever has queued (up to {@value #MAX_BATCH}), fetches once, applies the writes
 * in order in memory, each on the branches as the writes before it left them (two merges into
 * main in one batch chain), and pushes every resulting ref update in one push, each with a lease
 * on the value fetched; atomically where the remote can, so a merge and the deletion of its
 * source branch land together. A write that does not fit fails alone. Writers elsewhere are
 * handled by the leases: when the remote rejects refs because they moved, the batch fetches again
 * and applies again just the writes that depend on them, with a growing, jittered pause. Callers
 * do not hold a thread while they wait: writes return futures.
 * <p>
 * Reads and {@link #status()} block and must run off the event loop. Thread-safe.
 */
public final class JGitInfraRepository implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(JGitInfraRepository.class);

	/** Above this many changed files a merge goes through JGit's merger. */
	private static final int MAX_DISJOINT_MERGE_PATHS = 256;

	private static final RefSpec MIRROR_BRANCHES = new RefSpec("+refs/heads/*:refs/heads/*");

	private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{4,40}");

	private static final long FIRST_BACKOFF_MILLIS = 100;

	private static final long MAX_BACKOFF_MILLIS = 2_000;

	// git's own threshold (gc.autoPackLimit): beyond it, looking up an object costs more than repacking
	private static final int MAX_PACKS = 50;

	private static final int LAST_COMMITS_REMEMBERED = 50_000;

	// one push stays bounded in size and time; whatever queues meanwhile goes with the next
	static final int MAX_BATCH = 64;

	// what a page may show without asking the remote again (pages must never wait on it)
	private static final long STATUS_FRESH_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final Repository cache;

	private final RemoteEndpoint remote;

	private final boolean embedded;

	private final String mainBranch;

	private final int pushAttempts;

	private final Duration timeout;

	private final CommitAuthor committer;

	private final Clock clock;

	private final LinkedBlockingDeque<PendingWrite<?>> queue = new LinkedBlockingDeque<>();

	private final Thread writer;

	private volatile boolean closing;

	private volatile @Nullable Instant lastFetchAt;

	/** When the last successful fetch started (System.nanoTime()); writer thread only. */
	private long lastFetchStartedNanos = System.nanoTime();

	/** Whether the remote takes atomic pushes; {@code null} until it said. Writer thread only. */
	private @Nullable Boolean atomicPushes;

	/** {@link #lastCommits} answers by path, with the commit each was given at. */
	private final Map<String, KnownLastCommit> lastCommitCache = new ConcurrentHashMap<>();

	private record KnownLastCommit(ObjectId at, @Nullable CommitSummary summary) {
	}

	private volatile @Nullable Failure lastFailure;

	private volatile boolean lastContactSucceeded;

	/** When the remote last answered or failed to (System.nanoTime()), if ever. */
	private volatile long lastContactNanos;

	private volatile boolean contacted;

	/**
	 * The local copy's branch tips, replaced whenever they change (fetch, push): read on every
	 * page view, where even a ref lookup would mean a hop off the event loop.
	 */
	private volatile Map<String, String> tips = Map.of();

	private JGitInfraRepository(Repository cache, RemoteEndpoint remote, boolean embedded,
			GitOpsProperties properties, Clock clock) {
		this.cache = cache;
		this.remote = remote;
		this.embedded = embedded;
		this.mainBranch = properties.branch();
		this.pushAttempts = properties.pushAttempts();
		this.timeout = properties.timeout();
		this.committer = properties.defaultAuthor();
		this.clock = clock;
		rememberTips();
		this.writer = new Thread(this::writeLoop, "slipway-git-writer");
		this.writer.setDaemon(true);
		this.writer.start();
	}

	/**
	 * Opens the cache in {@code <dataDir>/cache/infra.git}, creating it (and, without a
	 * configured URL, the embedded remote {@code <dataDir>/infra.git}) when missing. Does not
	 * contact the remote: a remote that is down must not stop Slipway from starting.
	 */
	public static JGitInfraRepository open(GitOpsProperties properties, Path dataDir, Clock clock) {
		String url = properties.url();
		boolean embedded = url == null;
		try {
			if (url == null) {
				url = createEmbeddedRemote(dataDir.resolve("infra.git"), properties.branch());
			}
			RemoteEndpoint remote = new RemoteEndpoint(url, properties.username(), properties.token(),
					properties.timeout());
			Repository cache = openCache(dataDir.resolve("cache").resolve("infra.git"), properties.branch());
			return new JGitInfraRepository(cache, remote, embedded, properties, clock);
		}
		catch (IOException | GitAPIException ex) {
			throw new GitOpsException("cannot prepare the infra repository in the data directory "
					+ dataDir.toAbsolutePath() + ": " + ex.getMessage(), ex);
		}
	}

	private static String createEmbeddedRemote(Path directory, String branch) throws IOException, GitAPIException {
		Path absolute = directory.toAbsolutePath().normalize();
		if (!Files.isRegularFile(absolute.resolve("HEAD"))) {
			Files.createDirectories(absolute);
			// like `git init --bare`, with HEAD on the configured main branch
			Git.init().setBare(true).setDirectory(absolute.toFile()).setInitialBranch(branch).call().close();
			logger.info("Created the embedded infra repository {}", absolute);
		}
		return absolute.toUri().toString().replaceAll("/$", "");
	}

	private static Repository openCache(Path directory, String branch) throws IOException {
		Files.createDirectories(directory);
		Repository repository = new FileRepositoryBuilder().setGitDir(directory.toFile()).setBare().build();
		if (!repository.getObjectDatabase().exists()) {
			repository.create(true);
			RefUpdate head = repository.updateRef(Constants.HEAD);
			head.disableRefLog();
			head.link(Constants.R_HEADS + branch);
		}
		return repository;
	}

	/**
	 * The main branch's name.
	 */
	public String mainBranch() {
		return this.mainBranch;
	}

	/**
	 * Fetches all branches from the remote into the cache (pruning deleted ones). Callers queued
	 * together share one fetch, which also serves the writes queued with them.
	 */
	public void refresh() {
		join(refreshLater());
	}

	/**
	 * Like {@link #refresh()} without blocking: completes once a fetch that started after this
	 * call has finished.
	 */
	public CompletableFuture<Void> refreshLater() {
		return enqueue(new PendingWrite.Refresh(System.nanoTime()));
	}

	/**
	 * Reads a file at a branch or commit from the cache, fetching first only when the cache does
	 * not know the ref.
	 */
	public Optional<String> readFile(String ref, String path) {
		FileChange.checkPath(path);
		ObjectId commitId = resolveOrFetch(ref);
		try (ObjectReader reader = this.cache.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
			RevCommit commit = parseCommit(walk, commitId, ref);
			try (TreeWalk tree = TreeWalk.forPath(reader, path, commit.getTree())) {
				if (tree == null || !isFile(tree.getFileMode(0))) {
					return Optional.empty();
				}
				byte[] bytes = reader.open(tree.getObjectId(0), Constants.OBJ_BLOB).getBytes();
				return Optional.of(new String(bytes, StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			throw localFailure("reading " + path + " at " + ref, ex);
		}
	}

	/**
	 * Lists the files below a directory ({@code ""} for all), recursively, as paths from the
	 * repository root in Git's order.
	 */
	public List<String> listFiles(String ref, String directory) {
		String prefix = stripSlashes(directory);
		if (!prefix.isEmpty()) {
			FileChange.checkPath(prefix);
		}
		ObjectId commitId = resolveOrFetch(ref);
		try (ObjectReader reader = this.cache.newObjectReader(); RevWalk walk = new RevWalk(reader);
				TreeWalk tree = new TreeWalk(reader)) {
			tree.addTree(parseCommit(walk, commitId, ref).getTree());
			tree.setRecursive(true);
			if (!prefix.isEmpty()) {
				tree.setFilter(PathFilter.create(prefix));
			}
			List<String> files = new ArrayList<>();
			while (tree.next()) {
				String path = tree.getPathString();
				if (isFile(tree.getFileMode(0)) && (prefix.isEmpty() || path.startsWith(prefix + "/"))) {
					files.add(path);
				}
			}
			return files;
		}
		catch (IOException ex) {
			throw localFailure("listing " + directory + " at " + ref, ex);
		}
	}

	/**
	 * For each path (a file or a directory), the latest commit reachable from {@code ref} that
	 * changed it or anything below it, like {@code git log -1 -- <path>}: one walk through the
	 * history for all paths, stopping once every path is accounted for. Paths no commit touched
	 * are absent from the answer.
	 * <p>
	 * A path untouched for a long time would make every such walk go back to the first commit, and
	 * the main branch grows by two commits per promotion. So the answer for each path is remembered
	 * with the commit it was given at; asked again at a descendant of that commit, only the commits
	 * since are walked.
	 */
	public Map<String, CommitSummary> lastCommits(String ref, Collection<String> paths) {
		Set<String> wanted = new LinkedHashSet<>();
		for (String path : paths) {
			String plain = stripSlashes(path);
			FileChange.checkPath(plain);
			wanted.add(plain);
		}
		Map<String, CommitSummary> found = new LinkedHashMap<>();
		if (wanted.isEmpty()) {
			return found;
		}
		ObjectId commitId = resolveOrFetch(ref);
		try (ObjectReader reader = this.cache.newObjectReader()) {
			Map<ObjectId, List<String>> bySince = new LinkedHashMap<>();
			// read once: another caller may replace or clear an entry meanwhile
			Map<String, KnownLastCommit> knownNow = new HashMap<>();
			List<String> unknown = new ArrayList<>();
			for (String path : wanted) {
				KnownLastCommit known = this.lastCommitCache.get(path);
				if (known != null) {
					knownNow.put(path, known);
				}
				if (known == null) {
					unknown.add(path);
				}
				else if (known.at().equals(commitId)) {
					if (known.summary() != null) {
						found.put(path, known.summary());
					}
				}
				else {
					bySince.computeIfAbsent(known.at(), (at) -> new ArrayList<>()).add(path);
				}
			}
			for (Map.Entry<ObjectId, List<String>> since : bySince.entrySet()) {
				if (!isAncestor(reader, since.getKey(), commitId)) {
					// asked at an older commit or another line of history: the whole walk, and the
					// remembered answer stays, as it is the one later questions build on
					found.putAll(walkHistory(reader, commitId, ref, since.getValue(), null));
					continue;
				}
				Map<String, CommitSummary> newer = walkHistory(reader, commitId, ref, since.getValue(), since.getKey());
				for (String path : since.getValue()) {
					CommitSummary summary = newer.containsKey(path) ? newer.get(path) : knownNow.get(path).summary();
					remember(path, commitId, summary);
					if (summary != null) {
						found.put(path, summary);
					}
				}
			}
			if (!unknown.isEmpty()) {
				Map<String, CommitSummary> walked = walkHistory(reader, commitId, ref, unknown, null);
				for (String path : unknown) {
					remember(path, commitId, walked.get(path));
				}
				found.putAll(walked);
			}
			return found;
		}
		catch (IOException ex) {
			throw localFailure("reading the history of " + ref, ex);
		}
	}

	private void remember(String path, ObjectId at, @Nullable CommitSummary summary) {
		if (this.lastCommitCache.size() >= LAST_COMMITS_REMEMBERED) {
			// far more paths than any infra repository has overlays: start over rather than track age
			this.lastCommitCache.clear();
		}
		this.lastCommitCache.put(path, new KnownLastCommit(at.copy(), summary));
	}

	private static boolean isAncestor(ObjectReader reader, ObjectId ancestor, ObjectId commit) throws IOException {
		try (RevWalk walk = new RevWalk(reader)) {
			return walk.isMergedInto(walk.parseCommit(ancestor), walk.parseCommit(commit));
		}
		catch (MissingObjectException ex) {
			// the remembered commit is gone (history rewritten and collected)
			return false;
		}
	}

	/**
	 * The walk behind {@link #lastCommits}: from {@code commitId} back, not into {@code since} and
	 * its ancestors when given.
	 */
	private Map<String, CommitSummary> walkHistory(ObjectReader reader, ObjectId commitId, String ref,
			Collection<String> paths, @Nullable ObjectId since) throws IOException {
		Set<String> remaining = new LinkedHashSet<>(paths);
		Map<String, CommitSummary> found = new LinkedHashMap<>();
		try (RevWalk walk = new RevWalk(reader)) {
			walk.setRewriteParents(false);
			walk.setTreeFilter(AndTreeFilter.create(PathFilterGroup.createFromStrings(remaining), TreeFilter.ANY_DIFF));
			walk.markStart(parseCommit(walk, commitId, ref));
			if (since != null) {
				walk.markUninteresting(walk.parseCommit(since));
			}
			for (RevCommit commit : walk) {
				try (TreeWalk tree = new TreeWalk(reader)) {
					tree.setRecursive(true);
					tree.setFilter(AndTreeFilter.create(PathFilterGroup.createFromStrings(remaining), TreeFilter.ANY_DIFF));
					if (commit.getParentCount() == 0) {
						tree.addTree(new EmptyTreeIterator());
					}
					else {
						tree.addTree(walk.parseCommit(commit.getParent(0)).getTree());
					}
					tree.addTree(commit.getTree());
					CommitSummary summary = null;
					while (tree.next()) {
						String changed = tree.getPathString();
						for (String path : List.copyOf(remaining)) {
							if (changed.equals(path) || changed.startsWith(path + "/")) {
								if (summary == null) {
									summary = new CommitSummary(commit.name(), commit.getShortMessage(),
											commit.getAuthorIdent().getName(),
											commit.getCommitterIdent().getWhenAsInstant());
								}
								found.put(path, summary);
								remaining.remove(path);
							}
						}
					}
				}
				if (remaining.isEmpty()) {
					break;
				}
			}
		}
		return found;
	}

	/**
	 * Whether the branch exists, fetching first only when the cache does not know it.
	 */
	public boolean branchExists(String branch) {
		return head(branch).isPresent();
	}

	/**
	 * The tip of a branch, fetching first only when the cache does not know the branch.
	 */
	public Optional<CommitSummary> head(String branch) {
		String refName = branchRef(branch);
		Optional<CommitSummary> head = localHead(refName);
		if (head.isPresent()) {
			return head;
		}
		refresh();
		return localHead(refName);
	}

	/**
	 * Queues the request's changes for the next batch: applied to the branch's tip as the
	 * operations before it in the batch left it, pushed together with them, and re-applied to
	 * the new tip while other writers move the branch, up to {@code slipway.git.push-attempts}
	 * times.
	 *
	 * @return completes with the result, or fails with {@link ChangeConflictException} when a
	 * change does not fit the branch's content, {@link PushRejectedException} when the remote
	 * kept rejecting the push, or the remote's failure
	 */
	public CompletableFuture<CommitResult> commit(CommitRequest request) {
		String branch = (request.branch() != null) ? request.branch() : this.mainBranch;
		String baseBranch = (request.baseBranch() != null) ? request.baseBranch() : this.mainBranch;
		CommitAuthor author = (request.author() != null) ? request.author() : this.committer;
		String message = messageWithTrailers(request.message(), request.trailers());
		return enqueue(new PendingWrite.Commit(request, branch, baseBranch, author, message));
	}

	/**
	 * Replaces a branch by one new commit of the request's changes on the tip of its base branch,
	 * pushed with a lease on {@code expectedTip} (force-with-lease): whatever the branch held is
	 * dropped, so a branch meant to carry a single commit keeps carrying one when its change is
	 * redone. Queued and pushed like any other write, but never applied on a branch that moved:
	 * a branch no longer at {@code expectedTip} is someone else's work, which the caller looks at
	 * first.
	 *
	 * @return completes with {@link BranchMovedException} when the branch is missing or no longer
	 * at {@code expectedTip}, {@link ChangeConflictException} when a change does not fit the base
	 * branch's content, {@link PushRejectedException} when the remote refused the push
	 */
	public CompletableFuture<CommitResult> replaceBranch(CommitRequest request, String expectedTip) {
		String branch = request.branch();
		if (branch == null || branch.equals(this.mainBranch)) {
			throw new IllegalArgumentException("only a branch other than " + this.mainBranch + " can be replaced");
		}
		String baseBranch = (request.baseBranch() != null) ? request.baseBranch() : this.mainBranch;
		CommitAuthor author = (request.author() != null) ? request.author() : this.committer;
		String message = messageWithTrailers(request.message(), request.trailers());
		return enqueue(new PendingWrite.Commit(request, branch, baseBranch, author, message, expectedTip));
	}

	/**
	 * The unified diff of what {@code headRef} changes relative to where it forked from
	 * {@code baseRef} (their merge base), like {@code git diff baseRef...headRef}: changes made on
	 * the base since then do not show. Without a common history the whole base tree is compared.
	 */
	public String diff(String baseRef, String headRef) {
		return compare(baseRef, headRef, (diff, from, to) -> diff.unified(from, to));
	}

	/**
	 * The paths {@link #diff(String, String)} would show.
	 */
	public List<String> changedPaths(String baseRef, String headRef) {
		return compare(baseRef, headRef, TreeDiff::changedPaths);
	}

	private <T> T compare(String baseRef, String headRef, Comparison<T> comparison) {
		ObjectId baseId = resolveOrFetch(baseRef);
		ObjectId headId = resolveOrFetch(headRef);
		try (ObjectReader reader = this.cache.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
			RevCommit base = parseCommit(walk, baseId, baseRef);
			RevCommit head = parseCommit(walk, headId, headRef);
			RevCommit from = mergeBase(walk, base, head);
			return comparison.between(new TreeDiff(reader, this.cache.getConfig()),
					((from != null) ? from : base).getTree(), head.getTree());
		}
		catch (IOException ex) {
			throw localFailure("comparing " + headRef + " with " + baseRef, ex);
		}
	}

	private static @Nullable RevCommit mergeBase(RevWalk walk, RevCommit a, RevCommit b) throws IOException {
		walk.reset();
		walk.setRevFilter(RevFilter.MERGE_BASE);
		walk.markStart(a);
		walk.markStart(b);
		RevCommit base = walk.next();
		walk.reset();
		walk.setRevFilter(RevFilter.ALL);
		return base;
	}

	/**
	 * The unified diff the changes would make to {@code ref}'s tree, without committing or
	 * writing anything: new blobs and trees stay in memory. Fails like {@link #commit} would
	 * when a change does not fit ({@link ChangeConflictException}).
	 */
	public String previewDiff(String ref, List<FileChange> changes) {
		ObjectId commitId = resolveOrFetch(ref);
		try (ObjectReader base = this.cache.newObjectReader();
				RevWalk walk = new RevWalk(base);
				InMemoryObjects objects = new InMemoryObjects(base);
				ObjectReader reader = objects.newReader()) {
			RevCommit commit = parseCommit(walk, commitId, ref);
			TreeEditor editor = new TreeEditor(reader, objects, commit.getTree());
			editor.apply(changes);
			ObjectId tree = editor.writeTree();
			return new TreeDiff(reader, this.cache.getConfig()).unified(commit.getTree(), tree);
		}
		catch (IOException ex) {
			throw localFailure("previewing changes on " + ref, ex);
		}
	}

	/**
	 * Queues the merge of the request's source branch into its target for the next batch: a
	 * fast-forward when the target has not moved on, else a merge commit built in memory
	 * (recursive merge, so criss-cross histories work too), and with
	 * {@link MergeRequest#deleteSourceBranch()} the source branch's deletion in the same push.
	 * Retries like {@link #commit} while other writers move the target.
	 *
	 * @return completes with the result, or fails with {@link MergeConflictException} when both
	 * sides changed the same lines (nothing written), {@link BranchMovedException} when the source
	 * is no longer at the expected commit, {@link UnknownRefException} when either branch does not
	 * exist, {@link PushRejectedException} when the remote kept refusing the push
	 */
	public CompletableFuture<MergeResult> merge(MergeRequest request) {
		String message = messageWithTrailers(request.message(), request.trailers());
		return enqueue(new PendingWrite.Merge(request, message));
	}

	private static List<String> conflictingPaths(Merger merger) {
		TreeSet<String> paths = new TreeSet<>();
		if (merger instanceof ResolveMerger resolve) {
			paths.addAll(resolve.getUnmergedPaths());
			if (resolve.getFailingPaths() != null) {
				paths.addAll(resolve.getFailingPaths().keySet());
			}
		}
		return List.copyOf(paths);
	}

	/**
	 * Queues the deletion of a branch on the remote (pushing with a lease on its tip) and in the
	 * cache. The main branch cannot be deleted.
	 *
	 * @param expectedTip when set, the branch is kept (and {@code null} returned) unless it still
	 * points at this commit: commits pushed since must not vanish with it
	 * @return completes with the commit the deleted branch pointed at, or {@code null} when nothing
	 * was deleted (no such branch, or it moved away from {@code expectedTip}); fails with
	 * {@link PushRejectedException} when the remote refused the deletion
	 */
	public CompletableFuture<@Nullable String> deleteBranch(String branch, @Nullable String expectedTip) {
		branchRef(branch);
		if (branch.equals(this.mainBranch)) {
			throw new IllegalArgumentException("the main branch " + branch + " cannot be deleted");
		}
		return enqueue(new PendingWrite.Deletion(branch, expectedTip));
	}

	/**
	 * Reports what the cache knows about the remote. Answers from the last contact with the remote
	 * (a fetch or a push, which writes make all the time) when it is recent; else fetches first,
	 * waiting at most the timeout, after which it reports the last known reachability.
	 */
	public RepositoryStatus status() {
		if (!this.contacted || System.nanoTime() - this.lastContactNanos > STATUS_FRESH_NANOS) {
			try {
				refreshLater().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new GitOpsException(
						"interrupted while checking the infra repository at " + this.remote.displayUrl());
			}
			catch (ExecutionException | TimeoutException ex) {
				// recorded as the last failure, or still under way: the answer says what is known
			}
		}
		Failure failure = this.lastFailure;
		return new RepositoryStatus(this.lastContactSucceeded, this.remote.displayUrl(), this.embedded,
				this.mainBranch, localHead(branchRef(this.mainBranch)).orElse(null), this.lastFetchAt,
				(failure != null) ? failure.message() : null, (failure != null) ? failure.at() : null);
	}

	/**
	 * Finishes the writes already queued (waiting at most the timeout for them), refuses new
	 * ones, and closes the cache.
	 */
	@Override
	public void close() {
		if (!this.closing) {
			this.closing = true;
			this.queue.add(new PendingWrite.Stop());
		}
		try {
			this.writer.join(this.timeout.toMillis() + 1_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.writer.isAlive()) {
			this.writer.interrupt();
		}
		List<PendingWrite<?>> left = new ArrayList<>();
		this.queue.drainTo(left);
		left.forEach((write) -> write.fail(closed()));
		this.cache.close();
	}

	private GitOpsException closed() {
		return new GitOpsException("the infra repository at " + this.remote.displayUrl() + " is closed");
	}

	// --- writing: one thread takes turns for every write of this process, a batch at a time

	private <T> CompletableFuture<T> enqueue(PendingWrite<T> write) {
		if (this.closing) {
			write.fail(closed());
		}
		else {
			this.queue.add(write);
		}
		return write.result();
	}

	private void writeLoop() {
		boolean stop = false;
		while (!stop) {
			List<PendingWrite<?>> batch = new ArrayList<>();
			try {
				batch.add(this.queue.take());
			}
			catch (InterruptedException ex) {
				return;
			}
			this.queue.drainTo(batch, MAX_BATCH - 1);
			stop = batch.removeIf(PendingWrite.Stop.class::isInstance);
			try {
				write(batch);
			}
			catch (RuntimeException | Error ex) {
				logger.error("Writing to the infra repository at {} failed", this.remote.displayUrl(), ex);
				GitOpsException failure = new GitOpsException("error writing to the infra repository at "
						+ this.remote.displayUrl() + ": " + this.remote.redact(String.valueOf(ex.getMessage())));
				batch.forEach((write) -> write.fail(failure));
			}
			collectGarbageWhenDue();
		}
	}

	/**
	 * Writes a batch: one fetch, every write applied in order to the branches as the writes before
	 * it left them, and one push of all resulting ref updates, each with a lease on the value
	 * fetched. A write that does not fit fails alone. When the remote rejects refs because another
	 * writer moved them, the batch fetches again and applies just the writes that depend on those
	 * refs again, up to {@code slipway.git.push-attempts} times; writes that did not depend on
	 * them keep what they built.
	 */
	private void write(List<PendingWrite<?>> batch) {
		List<PendingWrite.Refresh> refreshes = new ArrayList<>();
		List<PendingWrite<?>> toApply = new ArrayList<>();
		for (PendingWrite<?> write : batch) {
			if (write instanceof PendingWrite.Refresh refresh) {
				refreshes.add(refresh);
			}
			else {
				toApply.add(write);
			}
		}
		if (toApply.isEmpty()
				&& refreshes.stream().allMatch((refresh) -> this.lastFetchStartedNanos - refresh.askedNanos > 0)) {
			// a fetch that started after they asked saw everything the remote held then
			refreshes.forEach(PendingWrite.Refresh::fetched);
			return;
		}
		List<PendingWrite<?>> kept = new ArrayList<>();
		Rejection rejection = null;
		for (int round = 1;; round++) {
			try {
				fetch();
			}
			catch (GitOpsException ex) {
				refreshes.forEach((refresh) -> refresh.fail(ex));
				toApply.forEach((write) -> write.fail(ex));
				kept.forEach((write) -> write.fail(ex));
				return;
			}
			refreshes.forEach(PendingWrite.Refresh::fetched);
			refreshes.clear();
			if (rejection != null) {
				Retry retry = rejection.sortOut();
				toApply = retry.toApply();
				kept = retry.kept();
			}
			if (toApply.isEmpty() && kept.isEmpty()) {
				return;
			}
			boolean atomic = !Boolean.FALSE.equals(this.atomicPushes);
			PlannedRefs plan = new PlannedRefs(this.cache);
			List<PendingWrite<?>> applied = new ArrayList<>();
			List<PendingWrite<?>> postponed = new ArrayList<>();
			try {
				for (PendingWrite<?> write : kept) {
					plan.replay(write.writes());
					applied.add(write);
				}
				try (ObjectInserter inserter = newRoundInserter(); ObjectReader reader = inserter.newReader()) {
					for (PendingWrite<?> write : toApply) {
						if (apply(write, plan, atomic, inserter, reader)) {
							applied.add(write);
						}
						else {
							postponed.add(write);
						}
					}
					// one pack for the whole round, written before anything reads it from disk (the push)
					inserter.flush();
				}
				// to the head of the queue, in their order: the next batch starts with them
				for (int i = postponed.size() - 1; i >= 0; i--) {
					this.queue.addFirst(postponed.get(i));
				}
				// what depends on nothing pushed (a conflict, no change) is known now
				applied.removeIf((write) -> {
					if (write.writes().isEmpty() && write.plannedReads().isEmpty() && !deletesAfterwards(write)) {
						write.finish();
						return true;
					}
					return false;
				});
				Map<String, ObjectId> changes = plan.changes();
				if (changes.isEmpty()) {
					deleteMergedBranchesAfterwards(applied, Set.of());
					applied.forEach(PendingWrite::finish);
					return;
				}
				Map<String, RemoteRefUpdate> answers = push(changes, plan, atomic);
				if (answers == null) {
					logger.info("The infra repository at {} does not take atomic pushes; pushing ref by ref",
							this.remote.displayUrl());
					this.atomicPushes = false;
					applied.forEach(PendingWrite::notCounted);
					toApply = applied.stream().filter((write) -> !write.done()).toList();
					kept = List.of();
					rejection = null;
					continue;
				}
				if (atomic) {
					this.atomicPushes = true;
				}
				Set<String> accepted = new HashSet<>();
				Map<String, RemoteRefUpdate> rejected = new LinkedHashMap<>();
				answers.forEach((refName, answer) -> {
					if (isAccepted(answer)) {
						accepted.add(refName);
					}
					else {
						rejected.put(refName, answer);
					}
				});
				Map<String, ObjectId[]> moves = new LinkedHashMap<>();
				for (String refName : accepted) {
					moves.put(refName, new ObjectId[] { plan.fetched(refName), changes.get(refName) });
				}
				moveCacheRefs(moves);
				deleteMergedBranchesAfterwards(applied, accepted);
				logger.info("Pushed {} ref update{} for {} write{} to {} in one {}push (round {}{})", changes.size(),
						plural(changes.size()), applied.size(), plural(applied.size()), this.remote.displayUrl(),
						atomic ? "atomic " : "", round, rejected.isEmpty() ? "" : ", rejected: " + rejected.keySet());
				if (rejected.isEmpty()) {
					for (PendingWrite<?> write : applied) {
						noteDeletions(write, answers);
						write.finish();
					}
					return;
				}
				rejection = new Rejection(applied, plan, accepted, rejected, answers);
			}
			catch (IOException ex) {
				failExcept(postponed, localFailure("writing a batch", ex), kept, toApply, applied);
				return;
			}
			catch (GitOpsException ex) {
				// the remote could not be used: nothing of this round landed
				failExcept(postponed, ex, kept, toApply, applied);
				return;
			}
			backOff(round);
		}
	}

	@SafeVarargs
	private static void failExcept(List<PendingWrite<?>> queuedAgain, GitOpsException failure,
			List<PendingWrite<?>>... writes) {
		for (List<PendingWrite<?>> list : writes) {
			list.stream().filter((write) -> !queuedAgain.contains(write)).forEach((write) -> write.fail(failure));
		}
	}

	private static boolean deletesAfterwards(PendingWrite<?> write) {
		return write instanceof PendingWrite.Merge merge && merge.deleteAfterwards != null;
	}

	/**
	 * A round whose push the remote rejected in part (or, pushed atomically, as a whole), sorted
	 * out after the next fetch shows where the rejected refs are now.
	 */
	private final class Rejection {

		private final List<PendingWrite<?>> round;

		private final PlannedRefs plan;

		private final Set<String> accepted;

		private final Map<String, RemoteRefUpdate> rejected;

		private final Map<String, RemoteRefUpdate> answers;

		Rejection(List<PendingWrite<?>> round, PlannedRefs plan, Set<String> accepted,
				Map<String, RemoteRefUpdate> rejected, Map<String, RemoteRefUpdate> answers) {
			this.round = round;
			this.plan = plan;
			this.accepted = accepted;
			this.rejected = rejected;
			this.answers = answers;
		}

		/** Fails, finishes or schedules again every write of the round. */
		Retry sortOut() {
			Set<String> moved = new HashSet<>();
			Set<String> refused = new HashSet<>();
			for (Map.Entry<String, RemoteRefUpdate> entry : this.rejected.entrySet()) {
				String refName = entry.getKey();
				if (branchMoved(entry.getValue()) || !currentValue(refName).equals(fetchedBefore(refName))) {
					moved.add(refName);
				}
				else if (!abortedWithOthers(entry.getValue())) {
					refused.add(refName);
				}
			}
			if (moved.isEmpty() && refused.isEmpty()) {
				// an atomic push failed without saying which ref: try them all again
				moved.addAll(this.rejected.keySet());
			}
			List<PendingWrite<?>> toApply = new ArrayList<>();
			List<PendingWrite<?>> kept = new ArrayList<>();
			Set<String> dirty = new HashSet<>(moved);
			dirty.addAll(refused);
			List<PendingWrite<?>> open = new ArrayList<>();
			for (PendingWrite<?> write : this.round) {
				Set<String> written = write.writes().keySet();
				if (!Collections.disjoint(written, refused)) {
					String refName = written.stream().filter(refused::contains).findFirst().orElseThrow();
					write.fail(remember(new PushRejectedException("the infra repository at "
							+ JGitInfraRepository.this.remote.displayUrl() + " refused the push to "
							+ Repository.shortenRefName(refName) + ": " + describe(this.rejected.get(refName)),
							write.attempts())));
				}
				else if (!written.isEmpty() && this.accepted.containsAll(written)) {
					// landed (a remote taking refs one by one)
					noteDeletions(write, this.answers);
					write.finish();
				}
				else {
					open.add(write);
				}
			}
			// what depends on a ref that moved must be applied again, and so must what depends on that
			boolean grew = true;
			Set<PendingWrite<?>> again = new HashSet<>();
			while (grew) {
				grew = false;
				for (PendingWrite<?> write : open) {
					if (!again.contains(write) && (!Collections.disjoint(write.writes().keySet(), dirty)
							|| !Collections.disjoint(write.plannedReads(), dirty))) {
						again.add(write);
						dirty.addAll(write.writes().keySet());
						grew = true;
					}
				}
			}
			for (PendingWrite<?> write : open) {
				if (!again.contains(write)) {
					if (write.writes().isEmpty()) {
						write.finish();
					}
					else {
						kept.add(write);
					}
				}
				else if (write.attempts() >= JGitInfraRepository.this.pushAttempts) {
					String refName = write.writes().keySet().stream().filter(this.rejected::containsKey).findFirst()
						.orElse(Constants.R_HEADS + write.branch());
					RemoteRefUpdate answer = this.rejected.get(refName);
					write.fail(remember(new PushRejectedException("gave up pushing to " + write.branch()
							+ " of the infra repository at " + JGitInfraRepository.this.remote.displayUrl() + " after "
							+ write.attempts() + " attempts: other writers kept moving the branch (last answer: "
							+ ((answer != null) ? describe(answer) : "a branch it depends on moved") + ")",
							write.attempts())));
				}
				else {
					toApply.add(write);
				}
			}
			if (!toApply.isEmpty()) {
				logger.info("Push to {} rejected ({}): applying {} write{} again on the new tips, keeping {}",
						JGitInfraRepository.this.remote.displayUrl(), describeAll(this.rejected), toApply.size(),
						plural(toApply.size()), kept.size());
			}
			return new Retry(toApply, kept);
		}

		private ObjectId fetchedBefore(String refName) {
			try {
				return this.plan.fetched(refName);
			}
			catch (IOException ex) {
				throw localFailure("reading " + refName, ex);
			}
		}

	}

	private record Retry(List<PendingWrite<?>> toApply, List<PendingWrite<?>> kept) {
	}

	private ObjectId currentValue(String refName) {
		try {
			Ref ref = this.cache.exactRef(refName);
			return (ref != null && ref.getObjectId() != null) ? ref.getObjectId() : ObjectId.zeroId();
		}
		catch (IOException ex) {
			throw localFailure("reading " + refName, ex);
		}
	}

	/**
	 * Applies one write to the plan.
	 *
	 * @return false when it has to wait for the next batch: pushing ref by ref, a write may not
	 * build on another write's planned ref, which the remote might refuse while taking this one
	 */
	private boolean apply(PendingWrite<?> write, PlannedRefs plan, boolean atomic, ObjectInserter inserter,
			ObjectReader reader) {
		write.applying();
		PlannedRefs.View view = plan.view();
		try {
			if (write instanceof PendingWrite.Commit commit) {
				applyCommit(commit, view, inserter, reader);
			}
			else if (write instanceof PendingWrite.Merge merge) {
				applyMerge(merge, view, atomic, inserter, reader);
			}
			else if (write instanceof PendingWrite.Deletion deletion) {
				applyDeletion(deletion, view);
			}
			else {
				throw new IllegalStateException("cannot apply " + write.getClass().getSimpleName());
			}
		}
		catch (RuntimeException ex) {
			// a change that does not fit, a branch that is missing or moved: this write fails alone
			write.failed(view, ex);
			return true;
		}
		catch (IOException ex) {
			write.failed(view, localFailure("applying a write to " + write.branch(), ex));
			return true;
		}
		if (!atomic && !write.writes().isEmpty() && !write.writes().keySet().containsAll(write.plannedReads())) {
			write.notCounted();
			return false;
		}
		view.keep();
		return true;
	}

	private void applyCommit(PendingWrite.Commit write, PlannedRefs.View view, ObjectInserter inserter,
			ObjectReader reader) throws IOException {
		String branch = write.branch;
		try (RevWalk walk = new RevWalk(reader)) {
			ObjectId target = view.read(Constants.R_HEADS + branch);
			ObjectId replaced = null;
			if (write.replacing != null) {
				if (target == null || !target.name().equals(write.replacing)) {
					throw new BranchMovedException(branch, write.replacing,
							(target != null) ? target.name() : "nothing", this.remote.displayUrl());
				}
				// built on the base as if the branch were new
				replaced = target;
				target = null;
			}
			RevCommit parent;
			if (target != null) {
				parent = walk.parseCommit(target);
			}
			else {
				// a new branch starts from its base as fetched, not from what this batch plans for it:
				// writes queued together are unordered, and this keeps a new branch from depending on
				// (and being applied again with) another write that the remote might reject
				ObjectId fetchedBase = view.fetched(Constants.R_HEADS + write.baseBranch);
				ObjectId base = fetchedBase.equals(ObjectId.zeroId()) ? view.read(Constants.R_HEADS + write.baseBranch)
						: fetchedBase;
				if (base != null) {
					parent = walk.parseCommit(base);
				}
				else if (write.baseBranch.equals(branch)) {
					// the first commit of an empty repository
					parent = null;
				}
				else {
					throw new UnknownRefException("cannot create branch " + branch + ": its base branch "
							+ write.baseBranch + " does not exist in the infra repository at "
							+ this.remote.displayUrl());
				}
			}
			ObjectId parentId = (parent != null) ? parent.getId() : ObjectId.zeroId();
			ObjectId baseTree = (parent != null) ? parent.getTree() : null;
			TreeEditor editor = new TreeEditor(reader, inserter, baseTree);
			editor.apply(write.request.changes());
			ObjectId tree = editor.writeTree();
			ObjectId unchangedTree = (baseTree != null) ? baseTree : inserter.idFor(Constants.OBJ_TREE, new byte[0]);
			if (tree.equals(unchangedTree)) {
				// a replaced branch stays as it is when its base already holds the change
				String tip = (replaced != null) ? replaced.name() : parentId.name();
				write.applied(view, (attempts) -> new CommitResult(CommitResult.Outcome.UNCHANGED, branch, tip,
						List.of(), attempts));
				return;
			}
			CommitBuilder commit = new CommitBuilder();
			commit.setTreeId(tree);
			if (parent != null) {
				commit.setParentId(parent);
			}
			Instant now = this.clock.instant();
			commit.setAuthor(new PersonIdent(write.author.name(), write.author.email(), now, ZoneOffset.UTC));
			commit.setCommitter(new PersonIdent(this.committer.name(), this.committer.email(), now, ZoneOffset.UTC));
			commit.setEncoding(StandardCharsets.UTF_8);
			commit.setMessage(write.message);
			ObjectId commitId = inserter.insert(commit);
			view.write(Constants.R_HEADS + branch, commitId);
			List<String> paths = editor.changedPaths();
			write.applied(view, (attempts) -> {
				logger.debug("Committed {} to {} of {} ({} files, attempt {})", commitId.name(), branch,
						this.remote.displayUrl(), paths.size(), attempts);
				return new CommitResult(CommitResult.Outcome.COMMITTED, branch, commitId.name(), paths, attempts);
			});
		}
	}

	private void applyMerge(PendingWrite.Merge write, PlannedRefs.View view, boolean atomic, ObjectInserter inserter,
			ObjectReader reader) throws IOException {
		MergeRequest request = write.request;
		String source = request.sourceBranch();
		String target = request.targetBranch();
		write.deleteAfterwards = null;
		write.sourceDeleted = false;
		try (RevWalk walk = new RevWalk(reader)) {
			ObjectId sourceId = view.read(Constants.R_HEADS + source);
			ObjectId targetId = view.read(Constants.R_HEADS + target);
			if (sourceId == null || targetId == null) {
				throw new UnknownRefException("cannot merge " + source + " into " + target + ": there is no branch "
						+ ((sourceId == null) ? source : target) + " in the infra repository at "
						+ this.remote.displayUrl());
			}
			String expected = request.sourceCommit();
			if (expected != null && !sourceId.name().equals(expected)) {
				throw new BranchMovedException(source, expected, sourceId.name(), this.remote.displayUrl());
			}
			RevCommit sourceTip = walk.parseCommit(sourceId);
			RevCommit targetTip = walk.parseCommit(targetId);
			MergeResult.Outcome outcome;
			ObjectId newTip;
			if (walk.isMergedInto(sourceTip, targetTip)) {
				outcome = MergeResult.Outcome.ALREADY_MERGED;
				newTip = targetTip;
			}
			else if (walk.isMergedInto(targetTip, sourceTip)) {
				outcome = MergeResult.Outcome.FAST_FORWARD;
				newTip = sourceTip;
			}
			else {
				ObjectId mergedTree = mergeDisjoint(reader, inserter, walk, targetTip, sourceTip);
				if (mergedTree == null) {
					Merger merger = MergeStrategy.RECURSIVE.newMerger(inserter, this.cache.getConfig());
					// not flushed (and so not closed) by the merger: the round's inserter outlives it
					if (!merger.merge(false, targetTip, sourceTip)) {
						throw new MergeConflictException(source, target, conflictingPaths(merger),
								this.remote.displayUrl());
					}
					mergedTree = merger.getResultTreeId();
				}
				CommitBuilder commit = new CommitBuilder();
				commit.setTreeId(mergedTree);
				// first parent the target, as `git merge` run on the target would record it
				commit.setParentIds(targetTip, sourceTip);
				PersonIdent slipway = new PersonIdent(this.committer.name(), this.committer.email(),
						this.clock.instant(), ZoneOffset.UTC);
				commit.setAuthor(slipway);
				commit.setCommitter(slipway);
				commit.setEncoding(StandardCharsets.UTF_8);
				commit.setMessage(write.message);
				newTip = inserter.insert(commit);
				outcome = MergeResult.Outcome.MERGE_COMMIT;
			}
			if (outcome != MergeResult.Outcome.ALREADY_MERGED) {
				view.write(Constants.R_HEADS + target, newTip);
			}
			if (request.deleteSourceBranch()) {
				if (atomic) {
					// lands with the merge or not at all
					view.delete(Constants.R_HEADS + source);
				}
				else {
					write.deleteAfterwards = sourceTip;
				}
			}
			String sourceName = sourceTip.name();
			String previous = targetTip.name();
			String tip = newTip.name();
			write.applied(view, (attempts) -> {
				logger.debug("Merged {} ({}) into {} of {} as {} ({}, attempt {})", source, sourceName, target,
						this.remote.displayUrl(), tip, outcome, attempts);
				return new MergeResult(outcome, source, target, sourceName, previous, tip, attempts,
						write.sourceDeleted);
			});
		}
	}

	/**
	 * The merged tree when the two sides changed different files since their one merge base:
	 * the target's tree with the source's changes laid over it, which is what the recursive
	 * merge gives for such sides. Built along the changed paths only, where the merger walks and
	 * indexes the whole tree: with thousands of files and a promotion's one-line change, that
	 * made merges most of the Git writer's work. {@code null} when the full merge is needed
	 * (both sides touched a file, several merge bases, or a large change).
	 */
	private static @Nullable ObjectId mergeDisjoint(ObjectReader reader, ObjectInserter inserter, RevWalk walk,
			RevCommit target, RevCommit source) throws IOException {
		walk.reset();
		walk.setRevFilter(RevFilter.MERGE_BASE);
		walk.markStart(target);
		walk.markStart(source);
		RevCommit base = walk.next();
		RevCommit otherBase = (base != null) ? walk.next() : null;
		walk.reset();
		walk.setRevFilter(RevFilter.ALL);
		if (base == null || otherBase != null) {
			return null;
		}
		walk.parseHeaders(base);
		Map<String, DiffEntryState> changes = new LinkedHashMap<>();
		try (TreeWalk diff = new TreeWalk(reader)) {
			diff.addTree(base.getTree());
			diff.addTree(source.getTree());
			diff.setRecursive(true);
			diff.setFilter(TreeFilter.ANY_DIFF);
			while (diff.next()) {
				if (changes.size() == MAX_DISJOINT_MERGE_PATHS) {
					return null;
				}
				FileMode mode = diff.getFileMode(1);
				changes.put(diff.getPathString(),
						new DiffEntryState(mode, (mode == FileMode.MISSING) ? null : diff.getObjectId(1)));
			}
		}
		if (changes.isEmpty()) {
			return target.getTree();
		}
		try (TreeWalk touched = new TreeWalk(reader)) {
			touched.addTree(base.getTree());
			touched.addTree(target.getTree());
			touched.setRecursive(true);
			touched.setFilter(AndTreeFilter.create(PathFilterGroup.createFromStrings(changes.keySet()),
					TreeFilter.ANY_DIFF));
			if (touched.next()) {
				return null;
			}
		}
		TreeEditor editor = new TreeEditor(reader, inserter, target.getTree());
		for (Map.Entry<String, DiffEntryState> change : changes.entrySet()) {
			editor.take(change.getKey(), change.getValue().mode(), change.getValue().id());
		}
		return editor.writeTree();
	}

	private record DiffEntryState(FileMode mode, @Nullable ObjectId id) {
	}

	private void applyDeletion(PendingWrite.Deletion write, PlannedRefs.View view) throws IOException {
		String refName = Constants.R_HEADS + write.branch;
		ObjectId tip = view.read(refName);
		write.alreadyGone = false;
		if (tip == null || (write.expectedTip != null && !tip.name().equals(write.expectedTip))) {
			write.applied(view, (attempts) -> null);
			return;
		}
		view.delete(refName);
		write.applied(view, (attempts) -> write.alreadyGone ? null : tip.name());
	}

	/** Records whether the branches a write deleted went away by its push (or someone else's). */
	private static void noteDeletions(PendingWrite<?> write, Map<String, RemoteRefUpdate> answers) {
		if (write instanceof PendingWrite.Deletion deletion) {
			RemoteRefUpdate answer = answers.get(Constants.R_HEADS + deletion.branch);
			deletion.alreadyGone = answer != null && answer.getStatus() == RemoteRefUpdate.Status.NON_EXISTING;
		}
		else if (write instanceof PendingWrite.Merge merge && merge.request.deleteSourceBranch()
				&& merge.deleteAfterwards == null) {
			String refName = Constants.R_HEADS + merge.request.sourceBranch();
			RemoteRefUpdate answer = answers.get(refName);
			merge.sourceDeleted = merge.writes().containsKey(refName) && answer != null
					&& answer.getStatus() == RemoteRefUpdate.Status.OK;
		}
	}

	/**
	 * Pushing ref by ref, a merge's source branch goes only once the merge landed: in a push of
	 * its own, with a lease on the merged commit. A branch that cannot go is only untidy.
	 */
	private void deleteMergedBranchesAfterwards(List<PendingWrite<?>> round, Set<String> accepted)
			throws IOException {
		Map<String, ObjectId> deletions = new LinkedHashMap<>();
		List<PendingWrite.Merge> merges = new ArrayList<>();
		for (PendingWrite<?> write : round) {
			if (write instanceof PendingWrite.Merge merge && merge.deleteAfterwards != null
					&& accepted.containsAll(merge.writes().keySet())
					&& deletions.putIfAbsent(Constants.R_HEADS + merge.request.sourceBranch(),
							merge.deleteAfterwards) == null) {
				merges.add(merge);
			}
		}
		if (deletions.isEmpty()) {
			return;
		}
		List<RemoteRefUpdate> updates = new ArrayList<>();
		for (Map.Entry<String, ObjectId> deletion : deletions.entrySet()) {
			updates.add(new RemoteRefUpdate(this.cache, (String) null, deletion.getKey(), true, null,
					deletion.getValue()));
		}
		Map<String, RemoteRefUpdate> deleted;
		try {
			deleted = send(updates, false);
		}
		catch (GitOpsException ex) {
			logger.warn("Merged, but could not delete the merged branches {} of {}: {}", deletions.keySet(),
					this.remote.displayUrl(), ex.getMessage());
			return;
		}
		for (PendingWrite.Merge merge : merges) {
			String refName = Constants.R_HEADS + merge.request.sourceBranch();
			RemoteRefUpdate answer = deleted.get(refName);
			merge.sourceDeleted = answer != null && answer.getStatus() == RemoteRefUpdate.Status.OK;
			if (merge.sourceDeleted) {
				moveCacheRefs(Map.of(refName, new ObjectId[] { deletions.get(refName), ObjectId.zeroId() }));
			}
			else if (answer != null) {
				logger.warn("Merged, but kept the branch {} of {}: {}", merge.request.sourceBranch(),
						this.remote.displayUrl(), describe(answer));
			}
		}
	}

	/**
	 * Pushes the planned ref updates in one push, each with a lease on the value fetched.
	 *
	 * @return the remote's answer per ref, or {@code null} when an atomic push was asked for and
	 * the remote cannot do one
	 */
	private @Nullable Map<String, RemoteRefUpdate> push(Map<String, ObjectId> changes, PlannedRefs plan,
			boolean atomic) throws IOException {
		List<RemoteRefUpdate> updates = new ArrayList<>();
		for (Map.Entry<String, ObjectId> change : changes.entrySet()) {
			String refName = change.getKey();
			// the expected old id is a lease: the remote refuses if the branch is no longer where
			// we built on (zero id: the branch must not exist yet); forced only under that lease,
			// so a branch deleted and made again in one batch can go too
			ObjectId lease = plan.fetched(refName);
			updates.add(change.getValue().equals(ObjectId.zeroId())
					? new RemoteRefUpdate(this.cache, (String) null, refName, true, null, lease)
					: new RemoteRefUpdate(this.cache, null, change.getValue(), refName, true, null, lease));
		}
		try {
			return send(updates, atomic);
		}
		catch (AtomicPushUnsupported ex) {
			return null;
		}
	}

	private Map<String, RemoteRefUpdate> send(List<RemoteRefUpdate> updates, boolean atomic) {
		try (Transport transport = this.remote.open(this.cache)) {
			transport.setPushAtomic(atomic);
			PushResult result = transport.push(NullProgressMonitor.INSTANCE, updates);
			contact(true);
			Map<String, RemoteRefUpdate> answers = new LinkedHashMap<>();
			for (RemoteRefUpdate update : updates) {
				RemoteRefUpdate answer = result.getRemoteUpdate(update.getRemoteName());
				answers.put(update.getRemoteName(), (answer != null) ? answer : update);
			}
			return answers;
		}
		catch (TransportException ex) {
			if (atomic && String.valueOf(ex.getMessage()).contains(JGitText.get().atomicPushNotSupported)) {
				throw new AtomicPushUnsupported();
			}
			throw remember(this.remote.failure("pushing to", ex));
		}
		catch (IOException ex) {
			throw localFailure("pushing", ex);
		}
	}

	private static final class AtomicPushUnsupported extends RuntimeException {

		AtomicPushUnsupported() {
			super(null, null, false, false);
		}

	}

	private static boolean isAccepted(RemoteRefUpdate answer) {
		return switch (answer.getStatus()) {
			case OK, UP_TO_DATE, NON_EXISTING -> true;
			default -> false;
		};
	}

	private static boolean branchMoved(RemoteRefUpdate answer) {
		return switch (answer.getStatus()) {
			case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> true;
			// a server that lost the race for the ref lock, or saw the ref change under it
			case REJECTED_OTHER_REASON -> {
				String message = String.valueOf(answer.getMessage()).toLowerCase(Locale.ROOT);
				yield message.contains("lock") || message.contains("stale") || message.contains("fetch first")
						|| message.contains("non-fast") || message.contains("failed to update ref")
						|| message.contains("expected");
			}
			default -> false;
		};
	}

	// rejected only because another ref of the same atomic push was
	private static boolean abortedWithOthers(RemoteRefUpdate answer) {
		String message = String.valueOf(answer.getMessage()).toLowerCase(Locale.ROOT);
		return answer.getStatus() == RemoteRefUpdate.Status.REJECTED_OTHER_REASON
				&& (message.contains("atomic") || message.contains(JGitText.get().transactionAborted));
	}

	private String describe(RemoteRefUpdate answer) {
		String message = answer.getMessage();
		String status = answer.getStatus().name().toLowerCase(Locale.ROOT).replace('_', ' ');
		return (message == null || message.isBlank()) ? status : status + ", " + this.remote.redact(message);
	}

	private String describeAll(Map<String, RemoteRefUpdate> answers) {
		List<String> described = new ArrayList<>();
		answers.forEach((refName, answer) -> described.add(Repository.shortenRefName(refName) + ": " + describe(answer)));
		return String.join("; ", described);
	}

	private static String plural(int count) {
		return (count == 1) ? "" : "s";
	}

	/**
	 * Moves (or deletes: zero id) cache refs to what the remote accepted, each given as
	 * {@code [expected, value]}, then lists the tips once for all of them.
	 */
	private void moveCacheRefs(Map<String, ObjectId[]> moves) {
		try {
			for (Map.Entry<String, ObjectId[]> move : moves.entrySet()) {
				moveCacheRef(move.getKey(), move.getValue()[0], move.getValue()[1]);
			}
		}
		finally {
			rememberTips();
		}
	}

	private void moveCacheRef(String refName, ObjectId expected, ObjectId value) {
		try {
			RefUpdate update = this.cache.updateRef(refName);
			update.setExpectedOldObjectId(expected);
			update.setForceUpdate(true);
			update.disableRefLog();
			RefUpdate.Result result;
			if (value.equals(ObjectId.zeroId())) {
				result = expected.equals(ObjectId.zeroId()) ? RefUpdate.Result.NO_CHANGE : update.delete();
			}
			else {
				update.setNewObjectId(value);
				result = update.update();
			}
			switch (result) {
				case NEW, FAST_FORWARD, FORCED, NO_CHANGE -> {
				}
				default -> {
					// the remote holds the change already, so a fetch brings the cache back in line
					logger.warn("Could not move {} in the local copy to {} ({}); fetching instead", refName,
							value.name(), result);
					fetch();
				}
			}
		}
		catch (IOException ex) {
			throw localFailure("moving " + refName + " to the pushed commit", ex);
		}
	}

	/**
	 * Where a round's new objects go: one pack for the round where the cache is a plain Git
	 * directory. Written loose, every object cost a temporary file, a rename and a look through
	 * the packs first, and that was most of the writer's time. Duplicates of objects the cache
	 * holds already are harmless and go at the next garbage collection, so nothing looks first.
	 */
	private ObjectInserter newRoundInserter() {
		if (this.cache.getObjectDatabase() instanceof ObjectDirectory objects) {
			PackInserter inserter = objects.newPackInserter();
			inserter.checkExisting(false);
			return inserter;
		}
		return this.cache.newObjectInserter();
	}

	/**
	 * Every round and every fetch leaves a pack behind; past {@link #MAX_PACKS} the cache is
	 * repacked, on this thread, between two rounds, so no write sees it half done. Without
	 * bitmaps: the cache never serves fetches, and with them every push looked up bitmaps for the
	 * remote's tips, which are never in them, and walked from each instead.
	 */
	private void collectGarbageWhenDue() {
		if (!(this.cache instanceof FileRepository repository)
				|| repository.getObjectDatabase().getPacks().size() <= MAX_PACKS) {
			return;
		}
		try {
			GC gc = new GC(repository);
			PackConfig packing = new PackConfig(repository);
			packing.setBuildBitmaps(false);
			gc.setPackConfig(packing);
			// the packs it replaces go now, not in an hour: readers that still hold one read on from
			// their open file, and a reader that misses looks through the new pack list
			gc.setPackExpireAgeMillis(0);
			gc.gc().get();
		}
		catch (IOException | ParseException | GitAPIException | ExecutionException | RuntimeException ex) {
			logger.warn("Garbage collection of the local copy of {} failed: {}", this.remote.displayUrl(),
					ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void backOff(int attempt) {
		long ceiling = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << (attempt - 1));
		// full jitter on the upper half keeps competing writers from retrying in lockstep
		long delay = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
		try {
			Thread.sleep(delay);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GitOpsException("interrupted while retrying a push to the infra repository at "
					+ this.remote.displayUrl());
		}
	}

	static String messageWithTrailers(String message, Map<String, String> trailers) {
		StringBuilder text = new StringBuilder(message.stripTrailing()).append('\n');
		if (!trailers.isEmpty()) {
			text.append('\n');
			trailers.forEach((key, value) -> text.append(key).append(": ").append(value.strip()).append('\n'));
		}
		return text.toString();
	}

	// --- reading

	/**
	 * The tip of a branch as the local copy holds it after the last fetch or push, without
	 * touching the disk; empty when the local copy has no such branch.
	 */
	public Optional<String> knownTip(String branch) {
		return Optional.ofNullable(this.tips.get(branch));
	}

	private void rememberTips() {
		try {
			Map<String, String> current = new HashMap<>();
			for (Ref ref : this.cache.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
				if (ref.getObjectId() != null) {
					current.put(Repository.shortenRefName(ref.getName()), ref.getObjectId().name());
				}
			}
			this.tips = Map.copyOf(current);
		}
		catch (IOException ex) {
			// readers fall back to reading the refs themselves
			logger.warn("Could not list the branches of the local copy of {}", this.remote.displayUrl(), ex);
			this.tips = Map.of();
		}
	}

	private void fetch() {
		long started = System.nanoTime();
		try (Transport transport = this.remote.open(this.cache)) {
			transport.setRemoveDeletedRefs(true);
			transport.setTagOpt(TagOpt.NO_TAGS);
			FetchResult result = transport.fetch(NullProgressMonitor.INSTANCE, List.of(MIRROR_BRANCHES));
			for (TrackingRefUpdate update : result.getTrackingRefUpdates()) {
				switch (update.getResult()) {
					case NEW, FAST_FORWARD, FORCED, NO_CHANGE, NOT_ATTEMPTED -> {
					}
					default -> throw remember(new GitOpsException("error mirroring " + update.getLocalName()
							+ " of the infra repository at " + this.remote.displayUrl() + ": " + update.getResult()));
				}
			}
			this.lastFetchAt = this.clock.instant();
			this.lastFetchStartedNanos = started;
			contact(true);
			rememberTips();
		}
		catch (TransportException ex) {
			throw remember(this.remote.failure("fetching from", ex));
		}
		catch (IOException ex) {
			throw remember(new GitOpsException("cannot fetch from the infra repository at " + this.remote.displayUrl()
					+ ": " + this.remote.redact(String.valueOf(ex.getMessage()))));
		}
	}

	private ObjectId resolveOrFetch(String ref) {
		ObjectId id = resolveLocally(ref);
		if (id == null) {
			refresh();
			id = resolveLocally(ref);
		}
		if (id == null) {
			throw new UnknownRefException("no branch or commit '" + ref + "' in the infra repository at "
					+ this.remote.displayUrl());
		}
		return id;
	}

	private @Nullable ObjectId resolveLocally(String ref) {
		try {
			String refName = ref.startsWith(Constants.R_HEADS) ? ref : Constants.R_HEADS + ref;
			// the tips the writer keeps save a look at the ref files, which every read made
			String tip = this.tips.get(Repository.shortenRefName(refName));
			if (tip != null) {
				return ObjectId.fromString(tip);
			}
			if (Repository.isValidRefName(refName)) {
				Ref branch = this.cache.exactRef(refName);
				if (branch != null) {
					return branch.getObjectId();
				}
			}
			if (!COMMIT_ID.matcher(ref).matches()) {
				return null;
			}
			try (ObjectReader reader = this.cache.newObjectReader()) {
				if (ref.length() == Constants.OBJECT_ID_STRING_LENGTH) {
					ObjectId id = ObjectId.fromString(ref);
					return reader.has(id) ? id : null;
				}
				Collection<ObjectId> matches = reader.resolve(AbbreviatedObjectId.fromString(ref));
				if (matches.size() > 1) {
					throw new UnknownRefException("the abbreviated commit id " + ref
							+ " is ambiguous in the infra repository at " + this.remote.displayUrl());
				}
				return matches.isEmpty() ? null : matches.iterator().next();
			}
		}
		catch (IOException ex) {
			throw localFailure("resolving " + ref, ex);
		}
	}

	private RevCommit parseCommit(RevWalk walk, ObjectId id, String ref) throws IOException {
		try {
			return walk.parseCommit(id);
		}
		catch (IncorrectObjectTypeException | MissingObjectException ex) {
			throw new UnknownRefException("'" + ref + "' is not a commit in the infra repository at "
					+ this.remote.displayUrl());
		}
	}

	private Optional<CommitSummary> localHead(String refName) {
		try (RevWalk walk = new RevWalk(this.cache)) {
			Ref ref = this.cache.exactRef(refName);
			if (ref == null) {
				return Optional.empty();
			}
			RevCommit commit = walk.parseCommit(ref.getObjectId());
			return Optional.of(new CommitSummary(commit.name(), commit.getShortMessage(),
					commit.getAuthorIdent().getName(), commit.getCommitterIdent().getWhenAsInstant()));
		}
		catch (IOException ex) {
			throw localFailure("reading " + refName, ex);
		}
	}

	private static String branchRef(String branch) {
		String refName = Constants.R_HEADS + branch;
		if (!Repository.isValidRefName(refName)) {
			throw new IllegalArgumentException("invalid branch name '" + branch + "'");
		}
		return refName;
	}

	private static boolean isFile(FileMode mode) {
		return mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE || mode == FileMode.SYMLINK;
	}

	private static String stripSlashes(String directory) {
		String result = directory;
		while (result.startsWith("/")) {
			result = result.substring(1);
		}
		while (result.endsWith("/")) {
			result = result.substring(0, result.length() - 1);
		}
		return result;
	}

	// --- bookkeeping

	/** Waits for a queued write, passing its failure on as thrown. */
	private <T> T join(CompletableFuture<T> pending) {
		try {
			return pending.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GitOpsException("interrupted while waiting for the infra repository at "
					+ this.remote.displayUrl());
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new GitOpsException("error talking to the infra repository at " + this.remote.displayUrl() + ": "
					+ ex.getCause(), ex.getCause());
		}
	}

	private void contact(boolean succeeded) {
		this.lastContactSucceeded = succeeded;
		this.lastContactNanos = System.nanoTime();
		this.contacted = true;
	}

	private <E extends GitOpsException> E remember(E failure) {
		this.lastFailure = new Failure(String.valueOf(failure.getMessage()), this.clock.instant());
		contact(failure instanceof PushRejectedException);
		return failure;
	}

	private GitOpsException localFailure(String doing, IOException ex) {
		return new GitOpsException("error " + doing + " in the local copy of the infra repository at "
				+ this.remote.displayUrl() + ": " + this.remote.redact(String.valueOf(ex.getMessage())), ex);
	}



	@FunctionalInterface
	private interface Comparison<T> {

		T between(TreeDiff diff, ObjectId oldTree, ObjectId newTree) throws IOException;

	}

	private record Failure(String message, Instant at) {
	}

}
