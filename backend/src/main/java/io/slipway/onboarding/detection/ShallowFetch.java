package io.slipway.onboarding.detection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import io.slipway.onboarding.detection.DetectionFailedException.Reason;
import io.slipway.gitops.TransportFailure;
import io.slipway.onboarding.detection.FetchBudget.Breach;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the root of a repository at the tip of its default branch without a checkout: fetches
 * only that commit (depth 1, no tags) into a temporary bare repository, walks the root tree and
 * deletes the temporary repository again, whatever happened. Blocking; callers run it off the
 * event loop.
 */
final class ShallowFetch {

	/** Marker files larger than this are listed but not read (a real package.json is far smaller). */
	static final int MAX_FILE_BYTES = 1024 * 1024;

	private static final Logger logger = LoggerFactory.getLogger(ShallowFetch.class);

	private final DetectionProperties properties;

	ShallowFetch(DetectionProperties properties) {
		this.properties = properties;
	}

	/**
	 * Reads the root of the repository, with the contents of those {@code wanted} files that exist.
	 *
	 * @param abandoned tells whether the caller stopped waiting, so the fetch can stop early
	 * @throws DetectionFailedException when the repository cannot be read within the bounds
	 */
	RepositorySnapshot read(RepositoryUrl url, Set<String> wanted, BooleanSupplier abandoned) {
		FetchBudget budget = new FetchBudget(this.properties.maxFetchSize().toBytes(),
				System.nanoTime() + this.properties.timeout().toNanos(), abandoned);
		Path directory = createTemporaryDirectory();
		try {
			return readInto(directory, url, wanted, budget);
		}
		finally {
			deleteRecursively(directory);
		}
	}

	private RepositorySnapshot readInto(Path directory, RepositoryUrl url, Set<String> wanted, FetchBudget budget) {
		try (MeteredRepository repository = MeteredRepository.create(directory.toFile(), budget)) {
			if (!this.properties.allowedHosts().isEmpty()) {
				// a redirect could lead to a host outside the allow-list
				repository.getConfig().setString("http", null, "followRedirects", "false");
			}
			ObjectId tip = fetchTip(repository, url, budget);
			if (tip == null) {
				return RepositorySnapshot.EMPTY;
			}
			long stored = sizeOf(directory.resolve("objects"));
			if (stored > budget.maxBytes()) {
				throw tooLarge(url);
			}
			return readRoot(repository, tip, wanted);
		}
		catch (IOException ex) {
			throw failure(url, ex, budget);
		}
	}

	private @Nullable ObjectId fetchTip(MeteredRepository repository, RepositoryUrl url, FetchBudget budget)
			throws IOException {
		try (Transport transport = Transport.open(repository, url.uri())) {
			transport.setTimeout(timeoutSeconds());
			transport.setDepth(1);
			transport.setTagOpt(TagOpt.NO_TAGS);
			try (FetchConnection connection = transport.openFetch(List.of(new RefSpec(Constants.HEAD)))) {
				Ref head = connection.getRef(Constants.HEAD);
				if (head == null || head.getObjectId() == null) {
					// an empty repository advertises no HEAD (or one pointing at an unborn branch)
					return null;
				}
				budget.checkTime();
				connection.fetch(budget.monitor(), List.of(head), Set.of());
				return head.getObjectId();
			}
		}
	}

	private static RepositorySnapshot readRoot(MeteredRepository repository, ObjectId tip, Set<String> wanted)
			throws IOException {
		Set<String> files = new HashSet<>();
		Set<String> directories = new HashSet<>();
		Map<String, byte[]> contents = new HashMap<>();
		try (ObjectReader reader = repository.newObjectReader();
				RevWalk walk = new RevWalk(reader);
				TreeWalk tree = new TreeWalk(reader)) {
			RevCommit commit = walk.parseCommit(tip);
			tree.addTree(commit.getTree());
			tree.setRecursive(false);
			while (tree.next()) {
				String name = tree.getNameString();
				FileMode mode = tree.getFileMode(0);
				if (mode == FileMode.TREE) {
					directories.add(name);
				}
				else if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
					// symbolic links and submodules are not the project's own files
					files.add(name);
					if (wanted.contains(name)) {
						try {
							contents.put(name, reader.open(tree.getObjectId(0), Constants.OBJ_BLOB)
								.getCachedBytes(MAX_FILE_BYTES));
						}
						catch (LargeObjectException ex) {
							// listed as a marker, its contents are not needed to pick the language
						}
					}
				}
			}
			return new RepositorySnapshot(commit.name(), files, directories, contents);
		}
	}

	// JGit applies the timeout per connect and per read, in whole seconds
	private int timeoutSeconds() {
		return (int) Math.max(1, (this.properties.timeout().toMillis() + 999) / 1000);
	}

	private DetectionFailedException failure(RepositoryUrl url, Exception failure, FetchBudget budget) {
		Breach breach = budget.breach();
		if (breach == Breach.SIZE) {
			return tooLarge(url);
		}
		TransportFailure kind = TransportFailure.of(failure);
		if (breach == Breach.TIME || breach == Breach.ABANDONED || kind == TransportFailure.TIMED_OUT) {
			return timedOut(url, this.properties.timeout());
		}
		if (kind == TransportFailure.NO_REPOSITORY || failure instanceof NotSupportedException) {
			return new DetectionFailedException(Reason.NOT_FOUND, "there is no Git repository at " + url.display(),
					failure);
		}
		return switch (kind) {
			case AUTHENTICATION_REQUIRED, ACCESS_DENIED -> new DetectionFailedException(Reason.ACCESS_DENIED,
					"the repository at " + url.display()
							+ " asks for credentials or refuses access; language detection reads public repositories only",
					failure);
			case CONNECTION_REFUSED -> unreachable(url, "connection refused", failure);
			case UNKNOWN_HOST -> unreachable(url, "unknown host " + url.uri().getHost(), failure);
			case NO_ROUTE -> unreachable(url, "no route to host " + url.uri().getHost(), failure);
			default -> TransportFailure.allMessages(failure).contains("followredirects is false")
					? unreachable(url, "it redirects to another address, and redirects are not followed while "
							+ "slipway.onboarding.detection.allowed-hosts is set; enter the repository's current URL",
							failure)
					: unreachable(url, "error reading it: " + TransportFailure.rootMessage(failure), failure);
		};
	}

	private DetectionFailedException tooLarge(RepositoryUrl url) {
		return new DetectionFailedException(Reason.TOO_LARGE,
				"the tip of the default branch of " + url.display() + " is larger than "
						+ describe(this.properties.maxFetchSize().toBytes())
						+ " (slipway.onboarding.detection.max-fetch-size); the transfer was stopped");
	}

	static DetectionFailedException timedOut(RepositoryUrl url, Duration timeout) {
		return new DetectionFailedException(Reason.TIMED_OUT, "reading " + url.display() + " took longer than "
				+ describe(timeout) + " (slipway.onboarding.detection.timeout); the repository did not answer in time");
	}

	private static DetectionFailedException unreachable(RepositoryUrl url, String why, Exception failure) {
		return new DetectionFailedException(Reason.UNREACHABLE, "cannot reach " + url.display() + ": " + why, failure);
	}

	private Path createTemporaryDirectory() {
		Path root = (this.properties.tempDir() != null) ? this.properties.tempDir()
				: Path.of(System.getProperty("java.io.tmpdir"));
		try {
			Files.createDirectories(root);
			return Files.createTempDirectory(root, "slipway-detection-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("error creating a temporary repository below " + root, ex);
		}
	}

	private static void deleteRecursively(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException | UncheckedIOException ex) {
			logger.warn("Could not delete the temporary repository {}: {}", directory, ex.getMessage());
		}
	}

	private static long sizeOf(Path directory) throws IOException {
		try (Stream<Path> paths = Files.walk(directory)) {
			long total = 0;
			for (Path path : paths.filter(Files::isRegularFile).toList()) {
				total += Files.size(path);
			}
			return total;
		}
	}




	static String describe(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

	static String describe(long bytes) {
		if (bytes % (1024 * 1024) == 0) {
			return (bytes / (1024 * 1024)) + " MiB";
		}
		if (bytes % 1024 == 0) {
			return (bytes / 1024) + " KiB";
		}
		return bytes + " bytes";
	}

}
