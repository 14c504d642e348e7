package io.slipway.templates;

import java.util.Objects;

/**
 * The outcome of one rule over a set of rendered files, as the onboarding preview shows it.
 *
 * <p>{@code rule} is a stable identifier (see {@link ManifestChecks} for the list); a rule that holds
 * yields one {@link Status#PASS}, a rule that does not yields one check per problem, each message
 * naming the file and object involved.
 */
public record Check(String rule, Status status, String message) {

	public Check {
		Objects.requireNonNull(rule, "rule");
		Objects.requireNonNull(status, "status");
		Objects.requireNonNull(message, "message");
	}

	/** How a rule came out. */
	public enum Status {

		/** The rule holds for every file and object it applies to. */
		PASS,

		/** The files break the rule; onboarding must not write them as they are. */
		FAIL,

		/** The files work but miss something the rules recommend (e.g. no version label). */
		WARN

	}

}
