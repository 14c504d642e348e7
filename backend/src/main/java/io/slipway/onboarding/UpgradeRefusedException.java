package io.slipway.onboarding;

import java.util.List;

import io.slipway.templates.Check;

/**
 * An upgrade was refused before anything was written: the request names services that cannot be
 * upgraded, there is nothing to upgrade, or a re-render fails or breaks a platform rule. Callers
 * answer 400 with {@link #errors()} (field {@code services}, {@code services[<i>]} or
 * {@code services.<name>}) and, for broken rules, {@link #failedChecks()}.
 */
public class UpgradeRefusedException extends RuntimeException {

	private final List<FieldError> errors;

	private final List<FailedCheck> failedChecks;

	public UpgradeRefusedException(List<FieldError> errors, List<FailedCheck> failedChecks) {
		super("upgrade refused: " + String.join("; ", errors.stream()
			.map((error) -> error.field() + ": " + error.message())
			.toList()));
		this.errors = List.copyOf(errors);
		this.failedChecks = List.copyOf(failedChecks);
	}

	/**
	 * Why, per field; at least one entry.
	 */
	public List<FieldError> errors() {
		return this.errors;
	}

	/**
	 * The failing checks of the re-renders, by service; empty when no re-render broke a rule.
	 */
	public List<FailedCheck> failedChecks() {
		return this.failedChecks;
	}

	/**
	 * A platform rule a service's re-render breaks.
	 *
	 * @param service the service
	 * @param check the failing check
	 */
	public record FailedCheck(String service, Check check) {
	}

}
