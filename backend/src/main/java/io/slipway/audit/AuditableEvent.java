package io.slipway.audit;

import java.util.Map;

/**
 * A write action that happened, as the audit log records it.
 *
 * <p>
 * The contract: every write action in Slipway publishes, through Spring's
 * {@code ApplicationEventPublisher}, a past-tense event record that implements this interface,
 * for example {@code record ApiTokenCreated(String actor, long tokenId, String name) implements
 * AuditableEvent}. The audit module listens for these events and appends one entry per event to
 * its hash-chained log; no module calls audit classes directly. That keeps the audit module free
 * of dependencies and makes "was this write audited?" a question of "does it publish an event?".
 *
 * <p>
 * The entry is recorded synchronously, in the publisher's thread and inside the publisher's
 * transaction when there is one: publish from blocking code (never from the event loop), and
 * publish after the write succeeded, as the last step of the transaction: the chain head stays
 * locked until that transaction ends, and every other write in every replica waits for it. If the
 * entry cannot be recorded, {@code publishEvent} throws, so a write is never silently left
 * unaudited.
 */
public interface AuditableEvent {

	/**
	 * Who did it: a user name, an API token's owner, or {@code system} for Slipway itself.
	 * @return the actor, never blank
	 */
	String actor();

	/**
	 * What was done, dotted lower-case, past tense in meaning: {@code token.created},
	 * {@code git.committed}, {@code repository.seeded}, {@code user.created},
	 * {@code auth.login-failed}.
	 * @return the action
	 */
	String action();

	/**
	 * What it was done to, in words a reader of the log recognises: a service name, a token
	 * name, a branch, a promotion id.
	 * @return the subject, possibly empty
	 */
	String subject();

	/**
	 * Further facts worth keeping, such as a commit id or a target environment. Values should be
	 * JSON-like (strings, numbers, booleans, lists, maps) or types Jackson writes as such; they
	 * are stored as canonical JSON with sorted keys. Never put secrets here: the log is readable
	 * by every signed-in user and cannot be edited afterwards.
	 * @return the details, possibly empty
	 */
	Map<String, Object> details();

}
