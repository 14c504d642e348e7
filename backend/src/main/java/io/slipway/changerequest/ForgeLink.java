package io.slipway.changerequest;

/**
 * Where a change request that lives on a forge can be found there: the pull request (GitLab: merge
 * request) Slipway opened for it. The forge owns its review; Slipway lists it, follows its state
 * and merges or closes it through the forge's API.
 *
 * @param forge the forge's name as people know it, e.g. {@code GitHub}
 * @param number the number the forge gave it
 * @param url its page on the forge
 * @param mergeRequest whether the forge calls it a merge request (GitLab, shown as {@code !12})
 * rather than a pull request ({@code #12})
 */
public record ForgeLink(String forge, int number, String url, boolean mergeRequest) {

	/**
	 * How the forge shows its number: {@code #12}, or {@code !12} on GitLab.
	 */
	public String label() {
		return (this.mergeRequest ? "!" : "#") + this.number;
	}

}
