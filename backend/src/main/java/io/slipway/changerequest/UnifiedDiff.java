package io.slipway.changerequest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jgit.util.QuotedString;
import org.jspecify.annotations.Nullable;

/**
 * A unified diff as {@code git diff} prints it, split into files and numbered lines so a page can
 * show each file with its additions and deletions. Reads what the GitOps module writes: one
 * {@code diff --git} section per file, optional mode lines, {@code ---}/{@code +++} lines, hunks.
 */
final class UnifiedDiff {

	private static final Pattern HUNK = Pattern.compile("^@@ -(\\d+)(?:,\\d+)? \\+(\\d+)(?:,\\d+)? @@.*");

	private UnifiedDiff() {
	}

	/**
	 * The files of the diff, in its order; empty for an empty diff.
	 */
	static List<FileDiff> parse(String diff) {
		List<FileDiff> files = new ArrayList<>();
		FileBuilder file = null;
		int oldLine = 0;
		int newLine = 0;
		for (String line : diff.split("\n", -1)) {
			if (line.startsWith("diff --git ")) {
				if (file != null) {
					files.add(file.build());
				}
				file = new FileBuilder(pathOfHeader(line));
				continue;
			}
			if (file == null) {
				continue;
			}
			if (!file.inHunks) {
				if (line.startsWith("new file mode")) {
					file.change = FileDiff.Change.ADDED;
				}
				else if (line.startsWith("deleted file mode")) {
					file.change = FileDiff.Change.DELETED;
				}
				else if (line.startsWith("Binary files")) {
					file.binary = true;
				}
				else if (line.startsWith("+++ ") && !line.equals("+++ /dev/null")) {
					file.path = stripPrefix(line.substring(4));
				}
				else if (line.startsWith("--- ") && !line.equals("--- /dev/null") && file.path == null) {
					file.path = stripPrefix(line.substring(4));
				}
			}
			Matcher hunk = HUNK.matcher(line);
			if (hunk.matches()) {
				file.inHunks = true;
				oldLine = Integer.parseInt(hunk.group(1));
				newLine = Integer.parseInt(hunk.group(2));
				file.lines.add(new DiffLine(DiffLine.Kind.HUNK, null, null, line));
			}
			else if (file.inHunks && line.startsWith("+")) {
				file.lines.add(new DiffLine(DiffLine.Kind.ADDED, null, newLine++, line.substring(1)));
				file.additions++;
			}
			else if (file.inHunks && line.startsWith("-")) {
				file.lines.add(new DiffLine(DiffLine.Kind.REMOVED, oldLine++, null, line.substring(1)));
				file.deletions++;
			}
			else if (file.inHunks && line.startsWith(" ")) {
				file.lines.add(new DiffLine(DiffLine.Kind.CONTEXT, oldLine++, newLine++, line.substring(1)));
			}
			else if (file.inHunks && line.startsWith("\\")) {
				file.lines.add(new DiffLine(DiffLine.Kind.NOTE, null, null, line.substring(1).strip()));
			}
		}
		if (file != null) {
			files.add(file.build());
		}
		return files;
	}

	// "diff --git a/x b/x": both halves name the same path unless it was renamed (never here)
	private static @Nullable String pathOfHeader(String line) {
		String rest = line.substring("diff --git ".length());
		if (rest.startsWith("\"")) {
			int end = rest.indexOf("\" ");
			return (end > 0) ? stripPrefix(rest.substring(0, end + 1)) : null;
		}
		int half = (rest.length() - 1) / 2;
		return (rest.length() % 2 == 1 && half > 2) ? stripPrefix(rest.substring(0, half)) : null;
	}

	// "a/path", "b/path" or a C-quoted "\"b/caf\\303\\251\"" as git writes unusual names
	private static String stripPrefix(String name) {
		String path = name.startsWith("\"") ? QuotedString.GIT_PATH.dequote(name) : name;
		return (path.startsWith("a/") || path.startsWith("b/")) ? path.substring(2) : path;
	}

	private static final class FileBuilder {

		private @Nullable String path;

		private FileDiff.Change change = FileDiff.Change.MODIFIED;

		private boolean binary;

		private boolean inHunks;

		private int additions;

		private int deletions;

		private final List<DiffLine> lines = new ArrayList<>();

		FileBuilder(@Nullable String path) {
			this.path = path;
		}

		FileDiff build() {
			return new FileDiff((this.path != null) ? this.path : "", this.change, this.binary, this.additions,
					this.deletions, this.lines);
		}

	}

	/**
	 * One file of the diff.
	 *
	 * @param path the file, from the repository root
	 * @param change whether it was added, deleted or modified
	 * @param binary whether Git showed no lines because the content is binary
	 * @param additions lines added
	 * @param deletions lines removed
	 * @param lines hunk headers and lines, in order
	 */
	record FileDiff(String path, Change change, boolean binary, int additions, int deletions, List<DiffLine> lines) {

		FileDiff {
			lines = List.copyOf(lines);
		}

		enum Change {

			ADDED, DELETED, MODIFIED

		}

	}

	/**
	 * One line of a hunk, with its numbers in the old and the new file (none for the side it is
	 * missing from).
	 */
	record DiffLine(Kind kind, @Nullable Integer oldNumber, @Nullable Integer newNumber, String text) {

		/**
		 * The sign git prints in front of the line, so the kind reads without colour too.
		 */
		public String sign() {
			return switch (this.kind) {
				case ADDED -> "+";
				case REMOVED -> "-";
				default -> " ";
			};
		}

		enum Kind {

			HUNK, CONTEXT, ADDED, REMOVED, NOTE

		}

	}

}
