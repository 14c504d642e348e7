package io.slipway.audit;

import java.util.Map;

/**
 * A write action worth recording in the audit log. Every module publishes one past-tense event
 * record implementing this interface (through Spring's {@code ApplicationEventPublisher}) after
 * the action succeeded; the audit module consumes them synchronously, so no module calls audit
 * classes directly.
 */
public interface AuditableEvent {

	/**
	 * Who asked for the action: a user name, or {@code system} for automated work.
	 */
	String actor();

	/**
	 * The action in dotted lower case, e.g. {@code git.committed} or {@code token.created}.
	 */
	String action();

	/**
	 * What the action was applied to, e.g. a branch or a service name.
	 */
	String subject();

	/**
	 * Further facts worth keeping with the entry; values must be serialisable as JSON.
	 */
	Map<String, Object> details();

}
