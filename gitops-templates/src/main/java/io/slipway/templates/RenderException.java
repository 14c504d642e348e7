package io.slipway.templates;

import java.util.Optional;

/**
 * A template pack could not be loaded or could not render the given values.
 *
 * <p>The message always names where it happened (pack, template file, location inside the template)
 * so a platform team can fix a pack without a debugger, and {@link #field()} names the value that
 * caused it when there is one (e.g. {@code service.name} for a name that cannot be a path segment), so
 * onboarding can report it against the form field. Messages never quote values: a value may be a
 * secret someone pasted into the wrong field.
 */
public class RenderException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String pack;

	private final String template;

	private final String location;

	private final String field;

	RenderException(String reason, String pack, String template, String location, String field) {
		super(describe(reason, pack, template, location));
		this.pack = pack;
		this.template = template;
		this.location = location;
		this.field = field;
	}

	/** The template pack involved, when known. */
	public Optional<String> pack() {
		return Optional.ofNullable(this.pack);
	}

	/** The template file (relative to its pack) involved, when known. */
	public Optional<String> template() {
		return Optional.ofNullable(this.template);
	}

	/** Where inside the template, as a key path such as {@code spec.template.spec.containers[0].image}. */
	public Optional<String> location() {
		return Optional.ofNullable(this.location);
	}

	/** The value path that caused the failure, such as {@code service.name}, when one did. */
	public Optional<String> field() {
		return Optional.ofNullable(this.field);
	}

	private static String describe(String reason, String pack, String template, String location) {
		StringBuilder where = new StringBuilder();
		if (pack != null) {
			where.append("template pack ").append(pack);
		}
		if (template != null) {
			where.append(where.isEmpty() ? "" : ", ").append("template ").append(template);
		}
		if (location != null && !location.isEmpty()) {
			where.append(where.isEmpty() ? "" : " ").append("at ").append(location);
		}
		return where.isEmpty() ? reason : "error rendering " + where + ": " + reason;
	}

}
