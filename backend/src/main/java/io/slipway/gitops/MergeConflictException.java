package io.slipway.gitops;

import java.util.List;

/**
 * Merging one branch into another would need a human: both sides changed the same lines of a
 * file, or one side changed a file the other deleted. Git cannot pick a side, and Slipway never
 * does, so nothing was committed or pushed; the source branch has to be updated first.
 */
public class MergeConflictException extends GitOpsException {

	private final String source;

	private final String target;

	private final List<String> paths;

	/**
	 * @param source the branch (or commit) that was to be merged
	 * @param target the branch it was to be merged into
	 * @param paths the files both sides changed in ways that do not fit together
	 * @param repository where the branches live, for the message (without credentials)
	 */
	public MergeConflictException(String source, String target, List<String> paths, String repository) {
		super("cannot merge " + source + " into " + target + " of the infra repository at " + repository
				+ ": both changed " + String.join(", ", paths) + " in ways that conflict; update " + source
				+ " with the changes of " + target + " first");
		this.source = source;
		this.target = target;
		this.paths = List.copyOf(paths);
	}

	/**
	 * The branch (or commit) that was to be merged.
	 */
	public String source() {
		return this.source;
	}

	/**
	 * The branch it was to be merged into.
	 */
	public String target() {
		return this.target;
	}

	/**
	 * The conflicting files, as paths from the repository root, in Git's order.
	 */
	public List<String> paths() {
		return this.paths;
	}

}
