package io.slipway.gitops;

import io.slipway.testsupport.GitCommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A bare repository on disk standing in for the infra repository's server, plus the means to
 * write to it "from elsewhere" with the git command line and to inspect it directly.
 */
final class BareRemote {

	private static final AtomicInteger clones = new AtomicInteger();

	private final Path directory;

	private final Path scratch;

	private final GitCommandLine git;

	private BareRemote(Path directory, Path scratch, GitCommandLine git) {
		this.directory = directory;
		this.scratch = scratch;
		this.git = git;
	}

	/**
	 * Creates an empty bare repository (HEAD on main) in {@code directory}; clones for external
	 * writes go below {@code scratch}.
	 */
	static BareRemote create(Path directory, Path scratch, GitCommandLine git) {
		try {
			Files.createDirectories(directory);
			Files.createDirectories(scratch);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		git.run(directory, "init", "--bare", "--quiet", "--initial-branch=main", directory.toString());
		return new BareRemote(directory, scratch, git);
	}

	Path directory() {
		return this.directory;
	}

	String fileUrl() {
		return this.directory.toUri().toString().replaceAll("/$", "");
	}

	GitCommandLine git() {
		return this.git;
	}

	/**
	 * Commits the files to a branch as an external writer would (clone, edit, commit, push) and
	 * returns the new commit id. Creates the branch from main when missing.
	 */
	String pushExternally(String branch, Map<String, String> files, String message) {
		Path clone = cloneInto();
		boolean branchExists = !this.git.run(clone, "ls-remote", "--heads", "origin", branch).isBlank();
		boolean repositoryEmpty = this.git.run(clone, "ls-remote", "--heads", "origin").isBlank();
		if (branchExists) {
			this.git.run(clone, "checkout", "--quiet", branch);
		}
		else if (!repositoryEmpty) {
			this.git.run(clone, "checkout", "--quiet", "-b", branch, "origin/main");
		}
		else {
			this.git.run(clone, "checkout", "--quiet", "--orphan", branch);
		}
		writeFiles(clone, files);
		this.git.run(clone, "add", "--all");
		this.git.run(clone, "commit", "--quiet", "-m", message);
		this.git.run(clone, "push", "--quiet", "origin", "HEAD:refs/heads/" + branch);
		return this.git.run(clone, "rev-parse", "HEAD").strip();
	}

	String pushExternally(Map<String, String> files, String message) {
		return pushExternally("main", files, message);
	}

	Path cloneInto() {
		Path clone = this.scratch.resolve("clone-" + clones.incrementAndGet());
		this.git.run(this.scratch, "clone", "--quiet", this.directory.toString(), clone.toString());
		return clone;
	}

	static void writeFiles(Path workingTree, Map<String, String> files) {
		try {
			for (Map.Entry<String, String> file : files.entrySet()) {
				Path target = workingTree.resolve(file.getKey());
				Files.createDirectories(target.getParent());
				Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The file at a branch or commit as the git command line sees it.
	 */
	Optional<String> file(String ref, String path) {
		GitCommandLine.Result result = this.git.tryRun(this.directory, "--git-dir=" + this.directory, "show",
				ref + ":" + path);
		return (result.exitCode() == 0) ? Optional.of(result.output()) : Optional.empty();
	}

	/**
	 * Every branch and where it points.
	 */
	Map<String, ObjectId> branches() {
		return branchesOf(this.directory);
	}

	static Map<String, ObjectId> branchesOf(Path bareRepository) {
		try (Repository repository = open(bareRepository)) {
			Map<String, ObjectId> branches = new TreeMap<>();
			for (Ref ref : repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
				branches.put(ref.getName(), ref.getObjectId());
			}
			return branches;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String head(String branch) {
		ObjectId id = branches().get(Constants.R_HEADS + branch);
		if (id == null) {
			throw new AssertionError("no branch " + branch + " in the remote");
		}
		return id.name();
	}

	/**
	 * The commits reachable from a branch, newest first.
	 */
	List<RevCommit> history(String branch) {
		try (Repository repository = open(this.directory); RevWalk walk = new RevWalk(repository)) {
			walk.markStart(walk.parseCommit(repository.resolve(Constants.R_HEADS + branch)));
			List<RevCommit> commits = new ArrayList<>();
			for (RevCommit commit : walk) {
				commits.add(commit);
			}
			return commits;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Repository open(Path bareRepository) throws IOException {
		return new FileRepositoryBuilder().setGitDir(bareRepository.toFile()).setBare().setMustExist(true).build();
	}

}
