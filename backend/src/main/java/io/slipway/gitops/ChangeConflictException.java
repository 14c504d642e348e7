package io.slipway.gitops;

/**
 * A {@link FileChange} does not fit the current content of the branch: a file to create exists
 * with other content, a file to update or delete is missing, or an update's edit found something
 * it did not expect. Nothing was committed or pushed. Edits passed to {@link FileChange.Update}
 * throw it themselves to refuse content.
 */
public class ChangeConflictException extends GitOpsException {

	private final String path;

	/**
	 * @param path the file the change is about
	 * @param reason what did not fit, e.g. "the file does not exist"
	 */
	public ChangeConflictException(String path, String reason) {
		super("conflict at " + path + ": " + reason);
		this.path = path;
	}

	/**
	 * The file the conflicting change is about.
	 */
	public String path() {
		return this.path;
	}

}
