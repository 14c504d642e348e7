package io.slipway.gitops;

/**
 * A Git identity: who a commit is attributed to.
 *
 * @param name the display name
 * @param email the e-mail address (Git does not check it)
 */
public record CommitAuthor(String name, String email) {

	public CommitAuthor {
		if (name.isBlank()) {
			throw new IllegalArgumentException("a commit author needs a name");
		}
		if (name.contains("<") || name.contains(">") || email.contains("<") || email.contains(">")
				|| name.contains("\n") || email.contains("\n")) {
			throw new IllegalArgumentException("a commit author must not contain '<', '>' or line breaks: " + name);
		}
	}

}
