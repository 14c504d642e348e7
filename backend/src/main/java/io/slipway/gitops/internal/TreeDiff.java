package io.slipway.gitops.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * The difference between two trees, as {@code git diff} prints it ({@code diff --git} headers,
 * {@code ---}/{@code +++} lines, hunks with three lines of context) or as the list of changed
 * paths. Renames are shown as a deletion plus an addition: that is what a reviewer of generated
 * files needs to see, and it keeps the output independent of similarity heuristics.
 */
final class TreeDiff {

	private final ObjectReader reader;

	private final Config config;

	/**
	 * @param reader reads both trees and their blobs
	 * @param config the repository's configuration (diff algorithm)
	 */
	TreeDiff(ObjectReader reader, Config config) {
		this.reader = reader;
		this.config = config;
	}

	/**
	 * The unified diff from {@code oldTree} to {@code newTree}; empty when they are equal.
	 */
	String unified(AnyObjectId oldTree, AnyObjectId newTree) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (DiffFormatter formatter = formatter(out)) {
			formatter.format(oldTree, newTree);
			formatter.flush();
		}
		return out.toString(StandardCharsets.UTF_8);
	}

	/**
	 * The paths that differ, in Git's order: the new path of an added or modified file, the old
	 * path of a deleted one.
	 */
	List<String> changedPaths(AnyObjectId oldTree, AnyObjectId newTree) throws IOException {
		try (DiffFormatter formatter = formatter(DisabledOutputStream.INSTANCE)) {
			return formatter.scan(oldTree, newTree)
				.stream()
				.map((entry) -> (entry.getChangeType() == DiffEntry.ChangeType.DELETE) ? entry.getOldPath()
						: entry.getNewPath())
				.toList();
		}
	}

	private DiffFormatter formatter(java.io.OutputStream out) {
		DiffFormatter formatter = new DiffFormatter(out);
		// the formatter borrows the reader: closing it leaves the reader to its owner
		formatter.setReader(this.reader, this.config);
		formatter.setDiffComparator(RawTextComparator.DEFAULT);
		formatter.setDetectRenames(false);
		return formatter;
	}

}
