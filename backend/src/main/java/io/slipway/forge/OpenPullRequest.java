package io.slipway.forge;

import java.util.List;
import java.util.Objects;

/**
 * What to open: a pull (merge) request from one branch of the configured repository into another.
 *
 * @param head the branch holding the change, e.g. {@code feat/payments}
 * @param base the branch to merge into, usually the main branch
 * @param title the title people see in the forge's list
 * @param body the description (Markdown), e.g. the checks Slipway ran
 * @param labels label names to attach; best effort (see {@link ForgeClient#open})
 */
public record OpenPullRequest(String head, String base, String title, String body, List<String> labels) {

	public OpenPullRequest {
		requireText(head, "head");
		requireText(base, "base");
		requireText(title, "title");
		Objects.requireNonNull(body, "body");
		labels = List.copyOf(labels);
	}

	private static void requireText(String value, String name) {
		if (Objects.requireNonNull(value, name).isBlank()) {
			throw new IllegalArgumentException(name + " must not be blank");
		}
	}

}
