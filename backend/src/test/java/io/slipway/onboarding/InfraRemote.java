package io.slipway.onboarding;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The bare repository Slipway pushes to (the embedded {@code <data-dir>/infra.git}), read
 * directly with JGit, as Argo CD or a reviewer would see it: no cache, no Slipway code in between.
 */
final class InfraRemote {

	private final Path gitDir;

	InfraRemote(Path dataDir) {
		this.gitDir = dataDir.resolve("infra.git");
	}

	/** Every ref of the remote and where it points. */
	Map<String, String> refs() throws IOException {
		try (Repository repository = open()) {
			Map<String, String> refs = new TreeMap<>();
			for (Ref ref : repository.getRefDatabase().getRefs()) {
				if (ref.getObjectId() != null) {
					refs.put(ref.getName(), ref.getObjectId().name());
				}
			}
			return refs;
		}
	}

	Optional<String> tip(String branch) throws IOException {
		try (Repository repository = open()) {
			Ref ref = repository.exactRef(Constants.R_HEADS + branch);
			return Optional.ofNullable(ref).map((found) -> found.getObjectId().name());
		}
	}

	/** The commits on {@code head} that {@code base} does not have, newest first. */
	List<RevCommit> commitsAhead(String base, String head) throws IOException {
		try (Repository repository = open(); RevWalk walk = new RevWalk(repository)) {
			walk.markStart(walk.parseCommit(repository.resolve(Constants.R_HEADS + head)));
			walk.markUninteresting(walk.parseCommit(repository.resolve(Constants.R_HEADS + base)));
			List<RevCommit> commits = new ArrayList<>();
			walk.forEach(commits::add);
			return commits;
		}
	}

	/** The files a commit changed compared with its first parent, with how. */
	Map<String, DiffEntry.ChangeType> changes(String commit) throws IOException {
		try (Repository repository = open(); RevWalk walk = new RevWalk(repository);
				TreeWalk tree = new TreeWalk(repository)) {
			RevCommit parsed = walk.parseCommit(ObjectId.fromString(commit));
			if (parsed.getParentCount() == 0) {
				tree.addTree(new EmptyTreeIterator());
			}
			else {
				tree.addTree(walk.parseCommit(parsed.getParent(0)).getTree());
			}
			tree.addTree(parsed.getTree());
			tree.setRecursive(true);
			Map<String, DiffEntry.ChangeType> changes = new TreeMap<>();
			for (DiffEntry entry : DiffEntry.scan(tree)) {
				changes.put((entry.getChangeType() == DiffEntry.ChangeType.DELETE) ? entry.getOldPath()
						: entry.getNewPath(), entry.getChangeType());
			}
			return changes;
		}
	}

	/** A file's content at a branch or commit, if it exists there. */
	Optional<String> file(String ref, String path) throws IOException {
		try (Repository repository = open(); RevWalk walk = new RevWalk(repository)) {
			ObjectId id = repository.resolve(ref);
			if (id == null) {
				return Optional.empty();
			}
			try (TreeWalk tree = TreeWalk.forPath(repository, path, walk.parseCommit(id).getTree())) {
				if (tree == null) {
					return Optional.empty();
				}
				return Optional.of(new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
			}
		}
	}

	RevCommit commit(String id) throws IOException {
		try (Repository repository = open(); RevWalk walk = new RevWalk(repository)) {
			return walk.parseCommit(ObjectId.fromString(id));
		}
	}

	private Repository open() throws IOException {
		return new FileRepositoryBuilder().setGitDir(this.gitDir.toFile()).setBare().build();
	}

}
