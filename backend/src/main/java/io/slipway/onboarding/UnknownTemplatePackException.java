package io.slipway.onboarding;

import java.util.List;

/**
 * No template pack of that name ships with Slipway; callers answer 404.
 */
public class UnknownTemplatePackException extends RuntimeException {

	public UnknownTemplatePackException(String name, List<String> known) {
		// the name comes from a request path: quote it only when it looks like a pack name
		super("no template pack" + (name.matches("[a-z0-9][-a-z0-9]{0,62}") ? " " + name : "") + " (known: "
				+ String.join(", ", known) + ")");
	}

}
