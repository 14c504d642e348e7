package io.slipway.gitops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.jspecify.annotations.Nullable;

/**
 * One commit Slipway should make in the infra repository: a set of {@link FileChange}s with a
 * message, applied to the tip of {@code branch} and pushed.
 * <p>
 * When {@code branch} does not exist yet it is created from {@code baseBranch} (by default the
 * main branch), which is how change-request branches start. Trailers are appended to the message
 * as Git trailers ({@code Key: value} lines after a blank line, in the given order) so a commit
 * links back to the promotion or audit entry that caused it.
 *
 * @param branch the branch to commit to; {@code null} means the main branch
 * @param baseBranch where a new {@code branch} starts; {@code null} means the main branch
 * @param message the commit message, without trailers
 * @param author who the commit is attributed to; {@code null} means {@code slipway.git.author-*}
 * @param actor who asked for the change, for the audit log ({@code system} when automated)
 * @param trailers Git trailers, in order; keys are letters, digits and '-'
 * @param changes the file changes, applied in order
 */
public record CommitRequest(@Nullable String branch, @Nullable String baseBranch, String message,
		@Nullable CommitAuthor author, String actor, Map<String, String> trailers, List<FileChange> changes) {

	/**
	 * The actor recorded when nobody in particular asked.
	 */
	public static final String SYSTEM_ACTOR = "system";

	private static final Pattern TRAILER_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");

	public CommitRequest {
		checkBranch(branch, "branch");
		checkBranch(baseBranch, "base branch");
		if (message.isBlank()) {
			throw new IllegalArgumentException("a commit needs a message");
		}
		actor = (actor == null || actor.isBlank()) ? SYSTEM_ACTOR : actor;
		trailers = checkedTrailers(trailers);
		changes = List.copyOf(changes);
	}

	/**
	 * Refuses trailers Git would not read back as trailers; returns an ordered, unmodifiable copy.
	 */
	static Map<String, String> checkedTrailers(Map<String, String> trailers) {
		trailers.forEach((key, value) -> {
			if (!TRAILER_KEY.matcher(key).matches()) {
				throw new IllegalArgumentException("invalid trailer key '" + key + "': use letters, digits and '-'");
			}
			if (value.isBlank() || value.contains("\n") || value.contains("\r")) {
				throw new IllegalArgumentException("trailer '" + key + "' needs a one-line value");
			}
		});
		return Collections.unmodifiableMap(new LinkedHashMap<>(trailers));
	}

	/**
	 * Starts a request with the given message, for the main branch, attributed to the configured
	 * author and the {@code system} actor.
	 */
	public static Builder builder(String message) {
		return new Builder(message);
	}

	private static void checkBranch(@Nullable String branch, String what) {
		if (branch != null && !Repository.isValidRefName(Constants.R_HEADS + branch)) {
			throw new IllegalArgumentException("invalid " + what + " name '" + branch + "'");
		}
	}

	/**
	 * Builds a {@link CommitRequest} step by step.
	 */
	public static final class Builder {

		private final String message;

		private @Nullable String branch;

		private @Nullable String baseBranch;

		private @Nullable CommitAuthor author;

		private String actor = SYSTEM_ACTOR;

		private final Map<String, String> trailers = new LinkedHashMap<>();

		private final List<FileChange> changes = new ArrayList<>();

		private Builder(String message) {
			this.message = message;
		}

		/**
		 * Commits to this branch instead of the main branch.
		 */
		public Builder branch(String branch) {
			this.branch = branch;
			return this;
		}

		/**
		 * Starts a new branch from this one instead of the main branch.
		 */
		public Builder baseBranch(String baseBranch) {
			this.baseBranch = baseBranch;
			return this;
		}

		public Builder author(String name, String email) {
			this.author = new CommitAuthor(name, email);
			return this;
		}

		/**
		 * Names who asked for the change (for the audit log).
		 */
		public Builder actor(String actor) {
			this.actor = actor;
			return this;
		}

		/**
		 * Appends a trailer; a key given twice keeps its first position and its last value.
		 */
		public Builder trailer(String key, String value) {
			this.trailers.put(key, value);
			return this;
		}

		public Builder change(FileChange change) {
			this.changes.add(change);
			return this;
		}

		public Builder create(String path, String content) {
			return change(new FileChange.Create(path, content));
		}

		public Builder put(String path, String content) {
			return change(new FileChange.Put(path, content));
		}

		public Builder update(String path, UnaryOperator<String> edit) {
			return change(new FileChange.Update(path, edit));
		}

		public Builder delete(String path) {
			return change(new FileChange.Delete(path));
		}

		public CommitRequest build() {
			return new CommitRequest(this.branch, this.baseBranch, this.message, this.author, this.actor,
					this.trailers, this.changes);
		}

	}

}
