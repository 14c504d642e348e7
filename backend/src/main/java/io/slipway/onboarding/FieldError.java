package io.slipway.onboarding;

/**
 * One reason a service spec was refused, as the API reports it in
 * {@code errors: [{"field": ..., "message": ...}]}.
 * <p>
 * Messages never repeat the value that was refused: a value may be a secret pasted by mistake,
 * and error bodies end up in logs and browser histories.
 *
 * @param field path of the offending value in the spec's JSON, dotted for objects and indexed for
 * arrays ({@code name}, {@code ports.http}, {@code env[2].name},
 * {@code environments.staging.resources.requests.cpu}), or {@value #BODY} when the request body
 * as a whole is unreadable
 * @param message what is wrong, in words a developer can act on
 */
public record FieldError(String field, String message) {

	/** The field named when the body itself is not a JSON object (malformed, truncated, empty). */
	public static final String BODY = "body";

}
