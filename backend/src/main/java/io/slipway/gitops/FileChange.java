package io.slipway.gitops;

import java.util.function.UnaryOperator;

/**
 * One change to one file of the infra repository, as part of a {@link CommitRequest}.
 * <p>
 * Changes are applied in order to the tip of the target branch. When another writer moved the
 * branch before our push, the whole list is applied again to the new tip, so each change states
 * what it expects of the file rather than carrying a precomputed result: {@link Update} re-runs
 * its edit on the current content. A change whose expectation does not hold fails the commit
 * with a {@link ChangeConflictException} naming the path, and nothing is written.
 * <p>
 * Paths are relative to the repository root and '/'-separated (e.g.
 * {@code apps/billing/staging/values.yaml}); '.', '..' and '.git' segments are refused. Content
 * is text, stored as UTF-8.
 */
public sealed interface FileChange permits FileChange.Create, FileChange.Put, FileChange.Update, FileChange.Delete {

	/**
	 * The file this change applies to.
	 */
	String path();

	/**
	 * Adds a new file. Idempotent: a file that already holds exactly this content is left alone,
	 * but a file with different content is a conflict (someone else created it first).
	 *
	 * @param path the new file
	 * @param content its text
	 */
	record Create(String path, String content) implements FileChange {

		public Create {
			checkPath(path);
		}

	}

	/**
	 * Writes a file whether it exists or not (an upsert). Use it for files Slipway owns
	 * completely.
	 *
	 * @param path the file
	 * @param content its new text
	 */
	record Put(String path, String content) implements FileChange {

		public Put {
			checkPath(path);
		}

	}

	/**
	 * Rewrites an existing file from its current content; a missing file is a conflict. The edit
	 * may throw {@link ChangeConflictException} when the content is not what it expects. It runs
	 * again on the new tip whenever the push has to be retried, so it must be a pure function of
	 * its input.
	 *
	 * @param path the file
	 * @param edit turns the current text into the new text; must not return {@code null}
	 */
	record Update(String path, UnaryOperator<String> edit) implements FileChange {

		public Update {
			checkPath(path);
		}

	}

	/**
	 * Removes a file; a missing file is a conflict. Directories left empty disappear, as Git
	 * stores no empty directories.
	 *
	 * @param path the file
	 */
	record Delete(String path) implements FileChange {

		public Delete {
			checkPath(path);
		}

	}

	/**
	 * Refuses paths Git would store oddly or that could escape the repository.
	 *
	 * @param path a path relative to the repository root
	 * @return the path
	 * @throws IllegalArgumentException when the path is not a plain relative file path
	 */
	static String checkPath(String path) {
		if (!isPlainRelativePath(path)) {
			throw new IllegalArgumentException("invalid path '" + path.replaceAll("\\p{Cntrl}", "?")
					+ "': use a relative '/'-separated path without empty, '.', '..' or '.git' segments");
		}
		return path;
	}

	private static boolean isPlainRelativePath(String path) {
		if (path.isEmpty() || path.indexOf('\\') >= 0 || path.chars().anyMatch(Character::isISOControl)) {
			return false;
		}
		for (String segment : path.split("/", -1)) {
			if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.equalsIgnoreCase(".git")) {
				return false;
			}
		}
		return true;
	}

}
