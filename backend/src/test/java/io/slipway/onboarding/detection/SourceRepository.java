package io.slipway.onboarding.detection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/**
 * A service's repository as a Git host keeps it: a real bare repository on disk whose commits
 * are written with JGit (no working tree). Detection reads it over {@code file://} or through a
 * smart-HTTP server.
 */
final class SourceRepository {

	private final Path directory;

	private SourceRepository(Path directory) {
		this.directory = directory;
	}

	/**
	 * An empty bare repository whose HEAD points at {@code defaultBranch}.
	 */
	static SourceRepository create(Path directory, String defaultBranch) {
		try (Git git = Git.init().setBare(true).setInitialBranch(defaultBranch).setDirectory(directory.toFile()).call()) {
			return new SourceRepository(directory);
		}
		catch (Exception ex) {
			throw new IllegalStateException("error creating " + directory, ex);
		}
	}

	/**
	 * A bare repository with one commit on main holding these files.
	 */
	static SourceRepository withFiles(Path directory, Map<String, String> files) {
		SourceRepository repository = create(directory, "main");
		repository.commit("main", files);
		return repository;
	}

	Path directory() {
		return this.directory;
	}

	String fileUrl() {
		return this.directory.toUri().toString().replaceAll("/$", "");
	}

	/**
	 * Commits exactly these files (the tree holds nothing else) as the new tip of the branch and
	 * returns the commit id.
	 */
	String commit(String branch, Map<String, String> files) {
		Map<String, byte[]> contents = new LinkedHashMap<>();
		files.forEach((path, text) -> contents.put(path, text.getBytes(StandardCharsets.UTF_8)));
		return commitBytes(branch, contents);
	}

	String commitBytes(String branch, Map<String, byte[]> files) {
		try (Git git = Git.open(this.directory.toFile()); ObjectInserter inserter = git.getRepository().newObjectInserter()) {
			Repository repository = git.getRepository();
			DirCache index = DirCache.newInCore();
			DirCacheBuilder builder = index.builder();
			for (Map.Entry<String, byte[]> file : files.entrySet()) {
				DirCacheEntry entry = new DirCacheEntry(file.getKey());
				entry.setFileMode(FileMode.REGULAR_FILE);
				entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.getValue()));
				builder.add(entry);
			}
			builder.finish();
			ObjectId tree = index.writeTree(inserter);
			ObjectId parent = repository.resolve(Constants.R_HEADS + branch);
			PersonIdent author = new PersonIdent("Service Developer", "dev@example.com");
			CommitBuilder commit = new CommitBuilder();
			commit.setTreeId(tree);
			commit.setAuthor(author);
			commit.setCommitter(author);
			commit.setMessage("change " + String.join(", ", files.keySet()));
			if (parent != null) {
				commit.setParentId(parent);
			}
			ObjectId id = inserter.insert(commit);
			inserter.flush();
			RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
			update.setNewObjectId(id);
			update.setExpectedOldObjectId((parent != null) ? parent : ObjectId.zeroId());
			RefUpdate.Result result = update.update();
			if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
				throw new IllegalStateException("could not move " + branch + ": " + result);
			}
			return id.name();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
