package io.slipway.changerequest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.slipway.audit.AuditableEvent;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.event.EventListener;

/**
 * Keeps every {@link AuditableEvent} published, from whatever thread (Spring's
 * {@code @RecordApplicationEvents} only sees the test's own thread).
 */
@TestComponent
class RecordedEvents {

	private final List<AuditableEvent> events = new CopyOnWriteArrayList<>();

	@EventListener
	void on(AuditableEvent event) {
		this.events.add(event);
	}

	/**
	 * The events of a change request, in publication order.
	 */
	List<AuditableEvent> ofChangeRequest(long id) {
		return this.events.stream().filter((event) -> idOf(event) == id).toList();
	}

	private static long idOf(AuditableEvent event) {
		if (event instanceof ChangeRequestOpened opened) {
			return opened.id();
		}
		if (event instanceof ChangeRequestApproved approved) {
			return approved.id();
		}
		if (event instanceof ChangeRequestMerged merged) {
			return merged.id();
		}
		if (event instanceof ChangeRequestClosed closed) {
			return closed.id();
		}
		if (event instanceof ChangeRequestDescriptionUpdated updated) {
			return updated.id();
		}
		return -1;
	}

}
