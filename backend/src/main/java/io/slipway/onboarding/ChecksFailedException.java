package io.slipway.onboarding;

import java.util.List;

import io.slipway.templates.Check;

/**
 * The spec is valid but the files it renders break a platform rule (a {@link Check.Status#FAIL}
 * check), so they are not written. Callers answer 400 with the failing checks; it points at the
 * template pack more often than at the spec.
 */
public class ChecksFailedException extends RuntimeException {

	private final List<Check> failed;

	public ChecksFailedException(List<Check> failed) {
		super("the rendered files break " + failed.size() + " platform rule" + ((failed.size() == 1) ? "" : "s") + ": "
				+ String.join("; ", failed.stream().map((check) -> check.rule() + ": " + check.message()).toList()));
		this.failed = List.copyOf(failed);
	}

	/**
	 * The checks that failed; at least one.
	 */
	public List<Check> failed() {
		return this.failed;
	}

}
