package io.slipway.onboarding;

import java.util.List;

import io.slipway.templates.Check;
import io.slipway.templates.RenderedFile;

/**
 * What onboarding a spec would write, before anything is written: every rendered file, the
 * unified diff against the main branch, the platform checks over the files, and the reasons the
 * spec is refused.
 * <p>
 * A spec with {@link #errors()} renders nothing ({@code files} empty, {@code diff} empty,
 * {@code checks} empty); one without errors may still carry failing {@link #checks()}, in which
 * case submitting it is refused too ({@link #submittable()}).
 *
 * @param files the files the template pack rendered, in the pack's order; paths relative to the
 * infra repository's root
 * @param diff what the files change on the main branch, as {@code git diff} prints it
 * @param checks the outcome of every platform rule over the files
 * @param errors why the spec cannot be onboarded, per field (including a name already taken)
 */
public record Preview(List<RenderedFile> files, String diff, List<Check> checks, List<FieldError> errors) {

	public Preview {
		files = List.copyOf(files);
		checks = List.copyOf(checks);
		errors = List.copyOf(errors);
	}

	/**
	 * A refused spec: the errors and nothing rendered.
	 */
	static Preview refused(List<FieldError> errors) {
		return new Preview(List.of(), "", List.of(), errors);
	}

	/**
	 * The checks that came out {@link Check.Status#FAIL}.
	 */
	public List<Check> failedChecks() {
		return this.checks.stream().filter((check) -> check.status() == Check.Status.FAIL).toList();
	}

	/**
	 * Whether submitting this spec would write it: no errors and no failing check.
	 */
	public boolean submittable() {
		return this.errors.isEmpty() && failedChecks().isEmpty();
	}

}
