package io.slipway.gitops;

/**
 * A branch is no longer at the commit the caller checked (someone pushed to it since), so an
 * operation meant for that commit was refused: merging a reviewed branch must not take along
 * commits nobody reviewed. Nothing was written; look at the new commits and try again.
 */
public class BranchMovedException extends GitOpsException {

	private final String branch;

	private final String expectedCommit;

	private final String actualCommit;

	public BranchMovedException(String branch, String expectedCommit, String actualCommit, String repository) {
		super("branch " + branch + " of the infra repository at " + repository + " moved from " + abbreviate(expectedCommit)
				+ " to " + abbreviate(actualCommit) + " since it was checked");
		this.branch = branch;
		this.expectedCommit = expectedCommit;
		this.actualCommit = actualCommit;
	}

	/**
	 * The branch that moved.
	 */
	public String branch() {
		return this.branch;
	}

	/**
	 * The commit the caller expected at the tip.
	 */
	public String expectedCommit() {
		return this.expectedCommit;
	}

	/**
	 * The commit actually at the tip.
	 */
	public String actualCommit() {
		return this.actualCommit;
	}

	private static String abbreviate(String commit) {
		return commit.substring(0, Math.min(7, commit.length()));
	}

}
