package io.slipway.gitops.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
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
 * accepted our push. So a failed or rejected write leaves no trace a reader could see. Writers in
 * this JVM take turns (a fair lock around fetch, apply and push); writers elsewhere are handled
 * by pushing with a lease and, when the branch moved, fetching and applying the same changes
 * again to the new tip.
 * <p>
 * All methods block and must run off the event loop. Thread-safe.
 */
public final class JGitInfraRepository implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(JGitInfraRepository.class);

	private static final RefSpec MIRROR_BRANCHES = new RefSpec("+refs/heads/*:refs/heads/*");

	private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{4,40}");

	private static final long FIRST_BACKOFF_MILLIS = 100;

	private static final long MAX_BACKOFF_MILLIS = 2_000;

	// cheap when nothing is to do, and keeps packs and loose objects of a long-lived cache in check
	private static final int COMMITS_BETWEEN_GC = 100;

	private final Repository cache;

	private final RemoteEndpoint remote;

	private final boolean embedded;

	private final String mainBranch;

	private final int pushAttempts;

	private final Duration timeout;

	private final CommitAuthor committer;

	private final Clock clock;

	private final ReentrantLock writeLock = new ReentrantLock(true);

	private volatile @Nullable Instant lastFetchAt;

	/** When the last successful fetch started (System.nanoTime()); guarded by writeLock. */
	private long lastFetchStartedNanos = System.nanoTime();

	private volatile @Nullable Failure lastFailure;

	private volatile boolean lastContactSucceeded;

	// guarded by writeLock
	private int commitsSinceGc;

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
	 * Fetches all branches from the remote into the cache (pruning deleted ones).
	 */
	public void refresh() {
		long asked = System.nanoTime();
		withWriteLock(() -> {
			// a fetch that started after the call saw everything the remote held when it was made:
			// callers queued behind one writer share the next fetch instead of each doing their own
			if (this.lastFetchStartedNanos - asked > 0) {
				return null;
			}
			fetch();
			return null;
		});
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
	 */
	public Map<String, CommitSummary> lastCommits(String ref, Collection<String> paths) {
		Map<String, String> remaining = new LinkedHashMap<>();
		for (String path : paths) {
			String plain = stripSlashes(path);
			FileChange.checkPath(plain);
			remaining.put(plain, plain);
		}
		Map<String, CommitSummary> found = new LinkedHashMap<>();
		if (remaining.isEmpty()) {
			return found;
		}
		ObjectId commitId = resolveOrFetch(ref);
		try (ObjectReader reader = this.cache.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
			walk.setRewriteParents(false);
			walk.setTreeFilter(AndTreeFilter.create(PathFilterGroup.createFromStrings(remaining.keySet()),
					TreeFilter.ANY_DIFF));
			walk.markStart(parseCommit(walk, commitId, ref));
			for (RevCommit commit : walk) {
				try (TreeWalk tree = new TreeWalk(reader)) {
					tree.setRecursive(true);
					tree.setFilter(AndTreeFilter.create(PathFilterGroup.createFromStrings(remaining.keySet()),
							TreeFilter.ANY_DIFF));
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
						for (String path : List.copyOf(remaining.keySet())) {
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
			return found;
		}
		catch (IOException ex) {
			throw localFailure("reading the history of " + ref, ex);
		}
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
	 * Commits the request's changes to its branch and pushes, re-applying them to the new tip
	 * while other writers move the branch, up to {@code slipway.git.push-attempts} times.
	 *
	 * @throws ChangeConflictException when a change does not fit the branch's content
	 * @throws PushRejectedException when the remote kept rejecting the push
	 */
	public CommitResult commit(CommitRequest request) {
		String branch = (request.branch() != null) ? request.branch() : this.mainBranch;
		String baseBranch = (request.baseBranch() != null) ? request.baseBranch() : this.mainBranch;
		CommitAuthor author = (request.author() != null) ? request.author() : this.committer;
		String message = messageWithTrailers(request.message(), request.trailers());
		return withWriteLock(() -> {
			for (int attempt = 1;; attempt++) {
				fetch();
				Prepared prepared = prepare(branch, baseBranch, author, message, request.changes());
				if (prepared.commit() == null) {
					return new CommitResult(CommitResult.Outcome.UNCHANGED, branch, prepared.parent().name(), List.of(),
							attempt);
				}
				RemoteRefUpdate answer = push(branch, prepared.commit(), prepared.lease());
				if (answer.getStatus() == RemoteRefUpdate.Status.OK
						|| answer.getStatus() == RemoteRefUpdate.Status.UP_TO_DATE) {
					moveCacheBranch(branch, prepared.lease(), prepared.commit());
					logger.info("Committed {} to {} of {} ({} files, attempt {})", prepared.commit().name(), branch,
							this.remote.displayUrl(), prepared.paths().size(), attempt);
					collectGarbageNowAndThen();
					return new CommitResult(CommitResult.Outcome.COMMITTED, branch, prepared.commit().name(),
							prepared.paths(), attempt);
				}
				String answerText = describe(answer);
				if (!branchMoved(answer)) {
					throw remember(new PushRejectedException("the infra repository at " + this.remote.displayUrl()
							+ " refused the push to " + branch + ": " + answerText, attempt));
				}
				if (attempt >= this.pushAttempts) {
					throw remember(new PushRejectedException("gave up pushing to " + branch
							+ " of the infra repository at " + this.remote.displayUrl() + " after " + attempt
							+ " attempts: other writers kept moving the branch (last answer: " + answerText + ")",
							attempt));
				}
				logger.info("Push to {} of {} rejected ({}), re-applying the changes on the new tip (attempt {} of {})",
						branch, this.remote.displayUrl(), answerText, attempt, this.pushAttempts);
				backOff(attempt);
			}
		});
	}

	/**
	 * Replaces a branch by one new commit of the request's changes on the tip of its base branch,
	 * pushed with a lease on {@code expectedTip} (force-with-lease): whatever the branch held is
	 * dropped, so a branch meant to carry a single commit keeps carrying one when its change is
	 * redone. No retries: a branch that moved away from {@code expectedTip} is someone else's
	 * work, which the caller looks at first.
	 *
	 * @throws BranchMovedException when the branch is missing or no longer at {@code expectedTip}
	 * @throws ChangeConflictException when a change does not fit the base branch's content
	 * @throws PushRejectedException when the remote refused the push for another reason
	 */
	public CommitResult replaceBranch(CommitRequest request, String expectedTip) {
		String branch = request.branch();
		if (branch == null || branch.equals(this.mainBranch)) {
			throw new IllegalArgumentException("only a branch other than " + this.mainBranch + " can be replaced");
		}
		String baseBranch = (request.baseBranch() != null) ? request.baseBranch() : this.mainBranch;
		CommitAuthor author = (request.author() != null) ? request.author() : this.committer;
		String message = messageWithTrailers(request.message(), request.trailers());
		String refName = branchRef(branch);
		return withWriteLock(() -> {
			fetch();
			ObjectId tip;
			try {
				Ref ref = this.cache.exactRef(refName);
				tip = (ref != null) ? ref.getObjectId() : null;
			}
			catch (IOException ex) {
				throw localFailure("reading " + refName, ex);
			}
			if (tip == null || !tip.name().equals(expectedTip)) {
				throw new BranchMovedException(branch, expectedTip, (tip != null) ? tip.name() : "nothing",
						this.remote.displayUrl());
			}
			// built on the base's tip, as if the branch were new
			Prepared prepared = prepare(baseBranch, baseBranch, author, message, request.changes());
			if (prepared.commit() == null) {
				return new CommitResult(CommitResult.Outcome.UNCHANGED, branch, tip.name(), List.of(), 1);
			}
			ObjectId commit = prepared.commit();
			RemoteRefUpdate answer = pushUpdate(branch,
					() -> new RemoteRefUpdate(this.cache, null, commit, refName, true, null, tip));
			if (answer.getStatus() != RemoteRefUpdate.Status.OK) {
				if (branchMoved(answer)) {
					fetch();
					throw new BranchMovedException(branch, expectedTip,
							localHead(refName).map(CommitSummary::id).orElse("nothing"), this.remote.displayUrl());
				}
				throw remember(new PushRejectedException("the infra repository at " + this.remote.displayUrl()
						+ " refused to replace branch " + branch + ": " + describe(answer), 1));
			}
			try {
				RefUpdate update = this.cache.updateRef(refName);
				update.setExpectedOldObjectId(tip);
				update.setNewObjectId(commit);
				update.setForceUpdate(true);
				update.disableRefLog();
				RefUpdate.Result result = update.update();
				if (result != RefUpdate.Result.FORCED && result != RefUpdate.Result.FAST_FORWARD) {
					logger.warn("Could not move {} in the local copy to {} ({}); fetching instead", branch,
							commit.name(), result);
					fetch();
				}
			}
			catch (IOException ex) {
				throw localFailure("moving " + branch + " to the pushed commit", ex);
			}
			logger.info("Replaced branch {} of {} ({} -> {}, on {})", branch, this.remote.displayUrl(), tip.name(),
					commit.name(), baseBranch);
			return new CommitResult(CommitResult.Outcome.COMMITTED, branch, commit.name(), prepared.paths(), 1);
		});
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
	 * Merges the request's source branch into its target and pushes the target: a fast-forward
	 * when the target has not moved on, else a merge commit built in memory (recursive merge, so
	 * criss-cross histories work too). Retries like {@link #commit} while other writers move the
	 * target.
	 *
	 * @throws MergeConflictException when both sides changed the same lines; nothing written
	 * @throws BranchMovedException when the source is no longer at the expected commit
	 * @throws UnknownRefException when either branch does not exist
	 * @throws PushRejectedException when the remote kept refusing the push
	 */
	public MergeResult merge(MergeRequest request) {
		String source = request.sourceBranch();
		String target = request.targetBranch();
		String message = messageWithTrailers(request.message(), request.trailers());
		return withWriteLock(() -> {
			for (int attempt = 1;; attempt++) {
				fetch();
				PreparedMerge prepared = prepareMerge(request, message);
				if (prepared.outcome() == MergeResult.Outcome.ALREADY_MERGED) {
					return new MergeResult(prepared.outcome(), source, target, prepared.source().name(),
							prepared.lease().name(), prepared.lease().name(), attempt);
				}
				RemoteRefUpdate answer = push(target, prepared.newTip(), prepared.lease());
				if (answer.getStatus() == RemoteRefUpdate.Status.OK
						|| answer.getStatus() == RemoteRefUpdate.Status.UP_TO_DATE) {
					moveCacheBranch(target, prepared.lease(), prepared.newTip());
					logger.info("Merged {} ({}) into {} of {} as {} ({}, attempt {})", source,
							prepared.source().name(), target, this.remote.displayUrl(), prepared.newTip().name(),
							prepared.outcome(), attempt);
					return new MergeResult(prepared.outcome(), source, target, prepared.source().name(),
							prepared.lease().name(), prepared.newTip().name(), attempt);
				}
				String answerText = describe(answer);
				if (!branchMoved(answer)) {
					throw remember(new PushRejectedException("the infra repository at " + this.remote.displayUrl()
							+ " refused the merge of " + source + " into " + target + ": " + answerText, attempt));
				}
				if (attempt >= this.pushAttempts) {
					throw remember(new PushRejectedException("gave up merging " + source + " into " + target
							+ " of the infra repository at " + this.remote.displayUrl() + " after " + attempt
							+ " attempts: other writers kept moving " + target + " (last answer: " + answerText + ")",
							attempt));
				}
				logger.info("Push of the merge into {} of {} rejected ({}), merging again on the new tip (attempt {} of {})",
						target, this.remote.displayUrl(), answerText, attempt, this.pushAttempts);
				backOff(attempt);
			}
		});
	}

	private PreparedMerge prepareMerge(MergeRequest request, String message) {
		String source = request.sourceBranch();
		String target = request.targetBranch();
		try (ObjectInserter inserter = this.cache.newObjectInserter();
				ObjectReader reader = inserter.newReader();
				RevWalk walk = new RevWalk(reader)) {
			Ref sourceRef = this.cache.exactRef(Constants.R_HEADS + source);
			Ref targetRef = this.cache.exactRef(Constants.R_HEADS + target);
			if (sourceRef == null || targetRef == null) {
				throw new UnknownRefException("cannot merge " + source + " into " + target + ": there is no branch "
						+ ((sourceRef == null) ? source : target) + " in the infra repository at "
						+ this.remote.displayUrl());
			}
			String expected = request.sourceCommit();
			if (expected != null && !sourceRef.getObjectId().name().equals(expected)) {
				throw new BranchMovedException(source, expected, sourceRef.getObjectId().name(),
						this.remote.displayUrl());
			}
			RevCommit sourceTip = walk.parseCommit(sourceRef.getObjectId());
			RevCommit targetTip = walk.parseCommit(targetRef.getObjectId());
			if (walk.isMergedInto(sourceTip, targetTip)) {
				return new PreparedMerge(MergeResult.Outcome.ALREADY_MERGED, sourceTip, targetTip, targetTip);
			}
			if (walk.isMergedInto(targetTip, sourceTip)) {
				return new PreparedMerge(MergeResult.Outcome.FAST_FORWARD, sourceTip, targetTip, sourceTip);
			}
			Merger merger = MergeStrategy.RECURSIVE.newMerger(inserter, this.cache.getConfig());
			if (!merger.merge(targetTip, sourceTip)) {
				throw new MergeConflictException(source, target, conflictingPaths(merger), this.remote.displayUrl());
			}
			CommitBuilder commit = new CommitBuilder();
			commit.setTreeId(merger.getResultTreeId());
			// first parent the target, as `git merge` run on the target would record it
			commit.setParentIds(targetTip, sourceTip);
			PersonIdent slipway = new PersonIdent(this.committer.name(), this.committer.email(), this.clock.instant(),
					ZoneOffset.UTC);
			commit.setAuthor(slipway);
			commit.setCommitter(slipway);
			commit.setEncoding(StandardCharsets.UTF_8);
			commit.setMessage(message);
			ObjectId mergeCommit = inserter.insert(commit);
			inserter.flush();
			return new PreparedMerge(MergeResult.Outcome.MERGE_COMMIT, sourceTip, targetTip, mergeCommit);
		}
		catch (IOException ex) {
			throw localFailure("merging " + source + " into " + target, ex);
		}
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
	 * Deletes a branch on the remote (pushing with a lease on its current tip) and in the cache.
	 * The main branch cannot be deleted.
	 *
	 * @param expectedTip when set, the branch is kept (and {@code null} returned) unless it still
	 * points at this commit: commits pushed since must not vanish with it
	 * @return the commit the deleted branch pointed at, or {@code null} when nothing was deleted
	 * (no such branch, or it moved away from {@code expectedTip})
	 * @throws PushRejectedException when the remote refused the deletion
	 */
	public @Nullable String deleteBranch(String branch, @Nullable String expectedTip) {
		String refName = branchRef(branch);
		if (branch.equals(this.mainBranch)) {
			throw new IllegalArgumentException("the main branch " + branch + " cannot be deleted");
		}
		return withWriteLock(() -> {
			fetch();
			Ref ref;
			try {
				ref = this.cache.exactRef(refName);
			}
			catch (IOException ex) {
				throw localFailure("reading " + refName, ex);
			}
			if (ref == null || (expectedTip != null && !ref.getObjectId().name().equals(expectedTip))) {
				return null;
			}
			ObjectId tip = ref.getObjectId();
			RemoteRefUpdate answer = pushUpdate(branch, () -> new RemoteRefUpdate(this.cache, (String) null, refName,
					false, null, tip));
			if (answer.getStatus() != RemoteRefUpdate.Status.OK
					&& answer.getStatus() != RemoteRefUpdate.Status.NON_EXISTING) {
				throw remember(new PushRejectedException("the infra repository at " + this.remote.displayUrl()
						+ " refused to delete branch " + branch + ": " + describe(answer), 1));
			}
			deleteCacheBranch(refName, tip);
			logger.info("Deleted branch {} ({}) of {}", branch, tip.name(), this.remote.displayUrl());
			return (answer.getStatus() == RemoteRefUpdate.Status.OK) ? tip.name() : null;
		});
	}

	private void deleteCacheBranch(String refName, ObjectId expected) {
		try {
			RefUpdate update = this.cache.updateRef(refName);
			update.setExpectedOldObjectId(expected);
			update.setForceUpdate(true);
			update.disableRefLog();
			RefUpdate.Result result = update.delete();
			if (result != RefUpdate.Result.FORCED && result != RefUpdate.Result.NO_CHANGE) {
				logger.warn("Could not delete {} in the local copy ({}); fetching instead", refName, result);
				fetch();
			}
		}
		catch (IOException ex) {
			throw localFailure("deleting " + refName, ex);
		}
	}

	/**
	 * Checks the remote (a fetch) and reports what the cache knows. When another write holds the
	 * lock for longer than the timeout, reports the last known reachability instead of waiting.
	 */
	public RepositoryStatus status() {
		boolean reachable = this.lastContactSucceeded;
		boolean locked;
		try {
			locked = this.writeLock.tryLock(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GitOpsException("interrupted while checking the infra repository at " + this.remote.displayUrl());
		}
		if (locked) {
			try {
				fetch();
				reachable = true;
			}
			catch (GitOpsException ex) {
				reachable = false;
			}
			finally {
				this.writeLock.unlock();
			}
		}
		Failure failure = this.lastFailure;
		return new RepositoryStatus(reachable, this.remote.displayUrl(), this.embedded, this.mainBranch,
				localHead(branchRef(this.mainBranch)).orElse(null), this.lastFetchAt,
				(failure != null) ? failure.message() : null, (failure != null) ? failure.at() : null);
	}

	@Override
	public void close() {
		this.cache.close();
	}

	// --- writing

	private Prepared prepare(String branch, String baseBranch, CommitAuthor author, String message,
			List<FileChange> changes) {
		try (ObjectInserter inserter = this.cache.newObjectInserter();
				ObjectReader reader = inserter.newReader();
				RevWalk walk = new RevWalk(reader)) {
			Ref target = this.cache.exactRef(Constants.R_HEADS + branch);
			RevCommit parent;
			if (target != null) {
				parent = walk.parseCommit(target.getObjectId());
			}
			else {
				Ref base = this.cache.exactRef(Constants.R_HEADS + baseBranch);
				if (base != null) {
					parent = walk.parseCommit(base.getObjectId());
				}
				else if (baseBranch.equals(branch)) {
					// the first commit of an empty repository
					parent = null;
				}
				else {
					throw new UnknownRefException("cannot create branch " + branch + ": its base branch " + baseBranch
							+ " does not exist in the infra repository at " + this.remote.displayUrl());
				}
			}
			// the remote's current value, as just fetched: the lease of our push
			ObjectId lease = (target != null) ? target.getObjectId() : ObjectId.zeroId();
			ObjectId parentId = (parent != null) ? parent.getId() : ObjectId.zeroId();
			ObjectId baseTree = (parent != null) ? parent.getTree() : null;
			TreeEditor editor = new TreeEditor(reader, inserter, baseTree);
			editor.apply(changes);
			ObjectId tree = editor.writeTree();
			ObjectId unchangedTree = (baseTree != null) ? baseTree : inserter.idFor(Constants.OBJ_TREE, new byte[0]);
			if (tree.equals(unchangedTree)) {
				return new Prepared(null, lease, parentId, List.of());
			}
			CommitBuilder commit = new CommitBuilder();
			commit.setTreeId(tree);
			if (parent != null) {
				commit.setParentId(parent);
			}
			Instant now = this.clock.instant();
			commit.setAuthor(new PersonIdent(author.name(), author.email(), now, ZoneOffset.UTC));
			commit.setCommitter(new PersonIdent(this.committer.name(), this.committer.email(), now, ZoneOffset.UTC));
			commit.setEncoding(StandardCharsets.UTF_8);
			commit.setMessage(message);
			ObjectId commitId = inserter.insert(commit);
			inserter.flush();
			return new Prepared(commitId, lease, parentId, editor.changedPaths());
		}
		catch (IOException ex) {
			throw localFailure("preparing a commit on " + branch, ex);
		}
	}

	private RemoteRefUpdate push(String branch, ObjectId commit, ObjectId expectedRemote) {
		// the expected old id is a lease: the remote refuses if the branch is no longer
		// where we built on (zero id: the branch must not exist yet)
		return pushUpdate(branch, () -> new RemoteRefUpdate(this.cache, null, commit, Constants.R_HEADS + branch,
				false, null, expectedRemote));
	}

	private RemoteRefUpdate pushUpdate(String branch, RefUpdateFactory updates) {
		String refName = Constants.R_HEADS + branch;
		try (Transport transport = this.remote.open(this.cache)) {
			RemoteRefUpdate update = updates.create();
			PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
			RemoteRefUpdate answer = result.getRemoteUpdate(refName);
			this.lastContactSucceeded = true;
			return (answer != null) ? answer : update;
		}
		catch (TransportException ex) {
			throw remember(this.remote.failure("pushing to", ex));
		}
		catch (IOException ex) {
			throw localFailure("pushing " + branch, ex);
		}
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

	private String describe(RemoteRefUpdate answer) {
		String message = answer.getMessage();
		String status = answer.getStatus().name().toLowerCase(Locale.ROOT).replace('_', ' ');
		return (message == null || message.isBlank()) ? status : status + ", " + this.remote.redact(message);
	}

	private void moveCacheBranch(String branch, ObjectId expected, ObjectId commit) {
		try {
			RefUpdate update = this.cache.updateRef(Constants.R_HEADS + branch);
			update.setExpectedOldObjectId(expected);
			update.setNewObjectId(commit);
			update.disableRefLog();
			RefUpdate.Result result = update.update();
			if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
				// the remote holds the commit already, so a fetch brings the cache back in line
				logger.warn("Could not move {} in the local copy to {} ({}); fetching instead", branch, commit.name(),
						result);
				fetch();
			}
		}
		catch (IOException ex) {
			throw localFailure("moving " + branch + " to the pushed commit", ex);
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

	private void collectGarbageNowAndThen() {
		if (++this.commitsSinceGc < COMMITS_BETWEEN_GC) {
			return;
		}
		this.commitsSinceGc = 0;
		try (Git git = Git.wrap(this.cache)) {
			git.gc().call();
		}
		catch (GitAPIException | RuntimeException ex) {
			logger.warn("Garbage collection of the local copy of {} failed: {}", this.remote.displayUrl(),
					ex.getMessage());
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
			this.lastContactSucceeded = true;
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

	private <T> T withWriteLock(LockedWork<T> work) {
		try {
			this.writeLock.lockInterruptibly();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GitOpsException("interrupted while waiting for another write to the infra repository at "
					+ this.remote.displayUrl());
		}
		try {
			return work.run();
		}
		finally {
			this.writeLock.unlock();
		}
	}

	private <E extends GitOpsException> E remember(E failure) {
		this.lastFailure = new Failure(String.valueOf(failure.getMessage()), this.clock.instant());
		this.lastContactSucceeded = failure instanceof PushRejectedException;
		return failure;
	}

	private GitOpsException localFailure(String doing, IOException ex) {
		return new GitOpsException("error " + doing + " in the local copy of the infra repository at "
				+ this.remote.displayUrl() + ": " + this.remote.redact(String.valueOf(ex.getMessage())), ex);
	}

	@FunctionalInterface
	private interface LockedWork<T> {

		T run();

	}

	@FunctionalInterface
	private interface RefUpdateFactory {

		RemoteRefUpdate create() throws IOException;

	}

	@FunctionalInterface
	private interface Comparison<T> {

		T between(TreeDiff diff, ObjectId oldTree, ObjectId newTree) throws IOException;

	}

	/**
	 * @param outcome how the merge goes
	 * @param source the merged commit
	 * @param lease the target's tip as last fetched, the base of the merge
	 * @param newTip where the target is to point
	 */
	private record PreparedMerge(MergeResult.Outcome outcome, ObjectId source, ObjectId lease, ObjectId newTip) {
	}

	/**
	 * @param commit the new commit, {@code null} when the changes alter nothing
	 * @param lease the branch's commit on the remote as last fetched (zero: no such branch)
	 * @param parent what the changes were applied to (zero: nothing, an empty repository)
	 * @param paths the changed files
	 */
	private record Prepared(@Nullable ObjectId commit, ObjectId lease, ObjectId parent, List<String> paths) {
	}

	private record Failure(String message, Instant at) {
	}

}
