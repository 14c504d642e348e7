package io.slipway.gitops.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import io.slipway.gitops.ChangeConflictException;
import io.slipway.gitops.FileChange;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.SystemReader;
import org.jspecify.annotations.Nullable;

/**
 * Applies {@link FileChange}s to a tree without a working tree. Changes are kept as a list of
 * path edits over the base tree; writing rebuilds only the trees on the paths of those edits and
 * reuses every other tree as it is, so a commit costs the same in a repository of ten services as
 * in one of thousands. Blobs and trees go through the caller's inserter, so nothing becomes
 * visible until a ref points at it.
 */
final class TreeEditor {

	private final ObjectReader reader;

	private final ObjectInserter inserter;

	private final @Nullable ObjectId baseTree;

	// the edited state of each touched path: a file, or empty for a deleted one
	private final Map<String, Optional<Blob>> edits = new LinkedHashMap<>();

	// what each touched path held in the base tree (empty: absent), to report only real changes
	private final Map<String, Optional<ObjectId>> basePaths = new LinkedHashMap<>();

	/** A file's content and mode. */
	private record Blob(FileMode mode, ObjectId id) {
	}

	/**
	 * @param reader reads the base tree and the blobs the inserter just wrote (use
	 * {@link ObjectInserter#newReader()})
	 * @param inserter stores new blobs and trees
	 * @param baseTree the tree to start from, {@code null} for an empty repository
	 */
	TreeEditor(ObjectReader reader, ObjectInserter inserter, @Nullable ObjectId baseTree) {
		this.reader = reader;
		this.inserter = inserter;
		this.baseTree = baseTree;
	}

	void apply(List<FileChange> changes) throws IOException {
		for (FileChange change : changes) {
			apply(change);
		}
	}

	private void apply(FileChange change) throws IOException {
		String path = change.path();
		SystemReader.getInstance().checkPath(path);
		Entry existing = entry(path);
		if (change instanceof FileChange.Create create) {
			if (existing == null) {
				write(path, create.content(), null);
			}
			else if (!read(path, existing).equals(create.content())) {
				throw new ChangeConflictException(path, "the file already exists with different content");
			}
		}
		else if (change instanceof FileChange.Put put) {
			write(path, put.content(), existing);
		}
		else if (change instanceof FileChange.Update update) {
			if (existing == null) {
				throw new ChangeConflictException(path, "the file to update does not exist");
			}
			String current = read(path, existing);
			String edited = update.edit().apply(current);
			if (edited == null) {
				throw new IllegalStateException("the edit of " + path + " returned null");
			}
			write(path, edited, existing);
		}
		else if (change instanceof FileChange.Delete) {
			if (existing == null) {
				throw new ChangeConflictException(path, "the file to delete does not exist");
			}
			requireFile(path, existing);
			remember(path, existing);
			this.edits.put(path, Optional.empty());
		}
	}

	/**
	 * Sets a path to a blob the repository already holds, or removes it ({@code blob} null): how
	 * a merge takes the one side's version of a file the other side did not touch.
	 */
	void take(String path, FileMode mode, @Nullable ObjectId blob) throws IOException {
		remember(path, entry(path));
		this.edits.put(path, (blob != null) ? Optional.of(new Blob(mode, blob)) : Optional.empty());
	}

	/** What a path holds: a blob, or a tree (a directory). */
	private record Entry(FileMode mode, ObjectId id) {
	}

	/** The file at a path now, or {@code null}: a directory is not a file. */
	private @Nullable Entry entry(String path) throws IOException {
		Optional<Blob> edited = this.edits.get(path);
		if (edited != null) {
			return edited.map((blob) -> new Entry(blob.mode(), blob.id())).orElse(null);
		}
		Entry base = baseEntry(path);
		return (base != null && base.mode() != FileMode.TREE) ? base : null;
	}

	private @Nullable Entry baseEntry(String path) throws IOException {
		if (this.baseTree == null) {
			return null;
		}
		try (TreeWalk walk = TreeWalk.forPath(this.reader, path, this.baseTree)) {
			return (walk != null) ? new Entry(walk.getFileMode(0), walk.getObjectId(0)) : null;
		}
	}

	private String read(String path, Entry entry) throws IOException {
		requireFile(path, entry);
		byte[] bytes = this.reader.open(entry.id(), Constants.OBJ_BLOB).getBytes();
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private void write(String path, String content, @Nullable Entry existing) throws IOException {
		FileMode mode;
		if (existing != null) {
			requireFile(path, existing);
			// keep the executable bit a human may have set
			mode = existing.mode();
		}
		else {
			requireRoomFor(path);
			mode = FileMode.REGULAR_FILE;
		}
		ObjectId blob = this.inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
		if (existing != null && blob.equals(existing.id())) {
			return;
		}
		remember(path, existing);
		this.edits.put(path, Optional.of(new Blob(mode, blob)));
	}

	private void remember(String path, @Nullable Entry existing) {
		this.basePaths.putIfAbsent(path, Optional.ofNullable(existing).map(Entry::id));
	}

	private static void requireFile(String path, Entry entry) {
		FileMode mode = entry.mode();
		if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
			throw new ChangeConflictException(path, "it is not a regular file (mode " + mode + ")");
		}
	}

	// Git cannot hold a file and a directory under one name, so refuse rather than replace one
	// with the other.
	private void requireRoomFor(String path) throws IOException {
		if (hasFilesWithin(path)) {
			throw new ChangeConflictException(path, "a directory of that name exists");
		}
		int slash = path.indexOf('/');
		while (slash >= 0) {
			String parent = path.substring(0, slash);
			if (entry(parent) != null) {
				throw new ChangeConflictException(path, parent + " is a file, not a directory");
			}
			slash = path.indexOf('/', slash + 1);
		}
	}

	private boolean hasFilesWithin(String directory) throws IOException {
		String prefix = directory + "/";
		for (Map.Entry<String, Optional<Blob>> edit : this.edits.entrySet()) {
			if (edit.getKey().startsWith(prefix) && edit.getValue().isPresent()) {
				return true;
			}
		}
		Entry base = baseEntry(directory);
		if (base == null || base.mode() != FileMode.TREE) {
			return false;
		}
		// a directory whose files were all deleted by earlier changes is gone
		try (TreeWalk walk = new TreeWalk(this.reader)) {
			walk.addTree(base.id());
			walk.setRecursive(true);
			while (walk.next()) {
				if (!this.edits.containsKey(prefix + walk.getPathString())) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Writes the edited tree: the trees along the edited paths are rebuilt, all others reused.
	 */
	ObjectId writeTree() throws IOException {
		if (this.edits.isEmpty()) {
			return (this.baseTree != null) ? this.baseTree : this.inserter.insert(new TreeFormatter());
		}
		Map<String, Optional<Blob>> sorted = new TreeMap<>(this.edits);
		ObjectId tree = rewrite(this.baseTree, sorted);
		return (tree != null) ? tree : this.inserter.insert(new TreeFormatter());
	}

	/**
	 * Applies edits (paths relative to this tree) to a tree and stores the result; {@code null}
	 * when the result is empty, since Git keeps no empty directories.
	 */
	private @Nullable ObjectId rewrite(@Nullable ObjectId tree, Map<String, Optional<Blob>> edits) throws IOException {
		// name -> (mode, id) of this level, in Git's tree order
		TreeMap<String, Entry> entries = new TreeMap<>(TreeEditor::compareTreeOrder);
		if (tree != null) {
			CanonicalTreeParser parser = new CanonicalTreeParser(null, this.reader, tree);
			while (!parser.eof()) {
				FileMode mode = parser.getEntryFileMode();
				entries.put(key(parser.getEntryPathString(), mode), new Entry(mode, parser.getEntryObjectId()));
				parser.next();
			}
		}
		Map<String, Map<String, Optional<Blob>>> bySubdirectory = new LinkedHashMap<>();
		for (Map.Entry<String, Optional<Blob>> edit : edits.entrySet()) {
			String path = edit.getKey();
			int slash = path.indexOf('/');
			if (slash < 0) {
				entries.remove(key(path, FileMode.REGULAR_FILE));
				edit.getValue().ifPresent((blob) -> entries.put(key(path, blob.mode()), new Entry(blob.mode(), blob.id())));
			}
			else {
				bySubdirectory.computeIfAbsent(path.substring(0, slash), (name) -> new LinkedHashMap<>())
					.put(path.substring(slash + 1), edit.getValue());
			}
		}
		for (Map.Entry<String, Map<String, Optional<Blob>>> subdirectory : bySubdirectory.entrySet()) {
			String name = subdirectory.getKey();
			Entry existing = entries.get(key(name, FileMode.TREE));
			ObjectId rewritten = rewrite((existing != null) ? existing.id() : null, subdirectory.getValue());
			entries.remove(key(name, FileMode.TREE));
			if (rewritten != null) {
				entries.put(key(name, FileMode.TREE), new Entry(FileMode.TREE, rewritten));
			}
		}
		if (entries.isEmpty()) {
			return null;
		}
		TreeFormatter formatter = new TreeFormatter();
		for (Map.Entry<String, Entry> entry : entries.entrySet()) {
			formatter.append(name(entry.getKey()), entry.getValue().mode(), entry.getValue().id());
		}
		return this.inserter.insert(formatter);
	}

	// Git orders a tree's entries by name, a directory's name compared as if it ended in '/';
	// the key carries that suffix so one sorted map gives the order.
	private static String key(String name, FileMode mode) {
		return (mode == FileMode.TREE) ? name + "/" : name;
	}

	private static String name(String key) {
		return key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
	}

	private static int compareTreeOrder(String a, String b) {
		byte[] left = a.getBytes(StandardCharsets.UTF_8);
		byte[] right = b.getBytes(StandardCharsets.UTF_8);
		int length = Math.min(left.length, right.length);
		for (int i = 0; i < length; i++) {
			int difference = (left[i] & 0xff) - (right[i] & 0xff);
			if (difference != 0) {
				return difference;
			}
		}
		return left.length - right.length;
	}

	/**
	 * The files whose content differs from the base, in the order they were first changed.
	 */
	List<String> changedPaths() {
		List<String> changed = new ArrayList<>();
		this.basePaths.forEach((path, base) -> {
			Optional<Blob> now = this.edits.get(path);
			ObjectId id = (now != null) ? now.map(Blob::id).orElse(null) : base.orElse(null);
			if (!Objects.equals(base.orElse(null), id)) {
				changed.add(path);
			}
		});
		return changed;
	}

}
