package io.slipway.onboarding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The preview's unified diff against the main branch, split per file with each line marked, so
 * the page can colour additions and show file headers without parsing text in the template. An
 * onboarding diff almost only adds files, so the line numbers are those of the new file.
 */
final class PreviewDiff {

	private static final Pattern HUNK = Pattern.compile("^@@ -\\d+(?:,\\d+)? \\+(\\d+)(?:,\\d+)? @@.*");

	private static final Pattern HEADER = Pattern.compile("^diff --git (?:\"?a/)(.+?)\"? (?:\"?b/)(.+?)\"?$");

	private PreviewDiff() {
	}

	/** The files of a diff as {@code git diff} prints it, in its order; empty for an empty diff. */
	static List<FileDiff> parse(String diff) {
		List<FileDiff> files = new ArrayList<>();
		Builder file = null;
		int newLine = 0;
		for (String line : diff.split("\n", -1)) {
			if (line.startsWith("diff --git ")) {
				if (file != null) {
					files.add(file.build());
				}
				Matcher header = HEADER.matcher(line);
				file = new Builder(header.matches() ? header.group(2) : line.substring("diff --git ".length()));
				continue;
			}
			if (file == null) {
				continue;
			}
			Matcher hunk = HUNK.matcher(line);
			if (hunk.matches()) {
				file.inHunks = true;
				newLine = Integer.parseInt(hunk.group(1));
				file.lines.add(new Line(Line.Kind.HUNK, null, line));
			}
			else if (!file.inHunks) {
				if (line.startsWith("new file mode")) {
					file.added = true;
				}
				else if (line.startsWith("deleted file mode")) {
					file.deleted = true;
				}
			}
			else if (line.startsWith("+")) {
				file.lines.add(new Line(Line.Kind.ADDED, newLine++, line.substring(1)));
				file.additions++;
			}
			else if (line.startsWith("-")) {
				file.lines.add(new Line(Line.Kind.REMOVED, null, line.substring(1)));
				file.deletions++;
			}
			else if (line.startsWith(" ")) {
				file.lines.add(new Line(Line.Kind.CONTEXT, newLine++, line.substring(1)));
			}
			else if (line.startsWith("\\")) {
				file.lines.add(new Line(Line.Kind.NOTE, null, line.substring(1).strip()));
			}
		}
		if (file != null) {
			files.add(file.build());
		}
		return files;
	}

	private static final class Builder {

		private final String path;

		private boolean added;

		private boolean deleted;

		private boolean inHunks;

		private int additions;

		private int deletions;

		private final List<Line> lines = new ArrayList<>();

		Builder(String path) {
			this.path = path;
		}

		FileDiff build() {
			return new FileDiff(this.path, this.added, this.deleted, this.additions, this.deletions, this.lines);
		}

	}

	/**
	 * One file of the diff.
	 *
	 * @param path the file, from the repository root
	 * @param added whether the file is new
	 * @param deleted whether the file goes away
	 * @param additions lines added
	 * @param deletions lines removed
	 * @param lines hunk headers and lines, in order
	 */
	record FileDiff(String path, boolean added, boolean deleted, int additions, int deletions, List<Line> lines) {

		FileDiff {
			lines = List.copyOf(lines);
		}

	}

	/**
	 * One line of a hunk.
	 *
	 * @param kind what the line is
	 * @param number its number in the new file; none for removed lines and hunk headers
	 * @param text the line without its sign
	 */
	record Line(Kind kind, @Nullable Integer number, String text) {

		/** The sign git prints in front of the line, so the kind reads without colour too. */
		public String sign() {
			return switch (this.kind) {
				case ADDED -> "+";
				case REMOVED -> "-";
				default -> " ";
			};
		}

		/** The row's CSS class, shared with the change request diff. */
		public String cssClass() {
			return "diff-" + this.kind.name().toLowerCase(Locale.ROOT);
		}

		enum Kind {

			HUNK, CONTEXT, ADDED, REMOVED, NOTE

		}

	}

}
