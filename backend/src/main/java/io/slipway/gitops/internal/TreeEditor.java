package io.slipway.gitops.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.slipway.gitops.ChangeConflictException;
import io.slipway.gitops.FileChange;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.jspecify.annotations.Nullable;

/**
 * Applies {@link FileChange}s to a tree without a working tree: the base tree is loaded into an
 * in-core index, each change edits the index, and the result is written as a new tree. Blobs and
 * trees go through the caller's inserter, so nothing becomes visible until a ref points at it.
 */
final class TreeEditor {

	private final ObjectReader reader;

	private final ObjectInserter inserter;

	private final DirCache index = DirCache.newInCore();

	// what each touched path held in the base tree (null: absent), to report only real changes
	private final Map<String, Optional<ObjectId>> basePaths = new LinkedHashMap<>();

	/**
	 * @param reader reads the base tree and the blobs the inserter just wrote (use
	 * {@link ObjectInserter#newReader()})
	 * @param inserter stores new blobs and trees
	 * @param baseTree the tree to start from, {@code null} for an empty repository
	 */
	TreeEditor(ObjectReader reader, ObjectInserter inserter, @Nullable ObjectId baseTree) throws IOException {
		this.reader = reader;
		this.inserter = inserter;
		DirCacheBuilder builder = this.index.builder();
		if (baseTree != null) {
			builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, baseTree);
		}
		builder.finish();
	}

	void apply(List<FileChange> changes) throws IOException {
		for (FileChange change : changes) {
			apply(change);
		}
	}

	private void apply(FileChange change) throws IOException {
		String path = change.path();
		DirCacheEntry existing = this.index.getEntry(path);
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
			DirCacheEditor editor = this.index.editor();
			remember(path, existing);
			editor.add(new DirCacheEditor.DeletePath(path));
			editor.finish();
		}
	}

	private String read(String path, DirCacheEntry entry) throws IOException {
		requireFile(path, entry);
		byte[] bytes = this.reader.open(entry.getObjectId(), Constants.OBJ_BLOB).getBytes();
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private void write(String path, String content, @Nullable DirCacheEntry existing) throws IOException {
		FileMode mode;
		if (existing != null) {
			requireFile(path, existing);
			// keep the executable bit a human may have set
			mode = existing.getFileMode();
		}
		else {
			requireRoomFor(path);
			mode = FileMode.REGULAR_FILE;
		}
		ObjectId blob = this.inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
		if (existing != null && blob.equals(existing.getObjectId())) {
			return;
		}
		remember(path, existing);
		DirCacheEditor editor = this.index.editor();
		editor.add(new DirCacheEditor.PathEdit(path) {
			@Override
			public void apply(DirCacheEntry entry) {
				entry.setFileMode(mode);
				entry.setObjectId(blob);
			}
		});
		editor.finish();
	}

	private void remember(String path, @Nullable DirCacheEntry existing) {
		this.basePaths.putIfAbsent(path, Optional.ofNullable(existing).map(DirCacheEntry::getObjectId));
	}

	private static void requireFile(String path, DirCacheEntry entry) {
		FileMode mode = entry.getFileMode();
		if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
			throw new ChangeConflictException(path, "it is not a regular file (mode " + mode + ")");
		}
	}

	// Git cannot hold a file and a directory under one name; JGit's editor would silently
	// replace one with the other, so refuse instead.
	private void requireRoomFor(String path) {
		if (this.index.getEntriesWithin(path).length > 0) {
			throw new ChangeConflictException(path, "a directory of that name exists");
		}
		List<String> segments = Arrays.asList(path.split("/"));
		List<String> prefix = new ArrayList<>();
		for (String segment : segments.subList(0, segments.size() - 1)) {
			prefix.add(segment);
			String parent = String.join("/", prefix);
			if (this.index.getEntry(parent) != null) {
				throw new ChangeConflictException(path, parent + " is a file, not a directory");
			}
		}
	}

	/**
	 * Writes the edited index as a tree.
	 */
	ObjectId writeTree() throws IOException {
		return this.index.writeTree(this.inserter);
	}

	/**
	 * The files whose content differs from the base, in the order they were first changed.
	 */
	List<String> changedPaths() {
		List<String> changed = new ArrayList<>();
		this.basePaths.forEach((path, base) -> {
			DirCacheEntry now = this.index.getEntry(path);
			if (!Objects.equals(base.orElse(null), (now != null) ? now.getObjectId() : null)) {
				changed.add(path);
			}
		});
		return changed;
	}

}
