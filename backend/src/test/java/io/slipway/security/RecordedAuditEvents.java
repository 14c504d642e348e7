package io.slipway.security;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.slipway.audit.AuditableEvent;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.event.EventListener;

/**
 * Keeps every {@link AuditableEvent} published, from whatever thread (Spring's
 * {@code @RecordApplicationEvents} only sees the test's own thread). Fails like an unavailable
 * audit log for a token named {@value #UNAUDITABLE}.
 */
@TestComponent
class RecordedAuditEvents {

	private final List<AuditableEvent> events = new CopyOnWriteArrayList<>();

	static final String UNAUDITABLE = "unauditable";

	@EventListener
	void on(AuditableEvent event) {
		if (event instanceof ApiTokenCreated created && created.name().equals(UNAUDITABLE)) {
			throw new IllegalStateException("audit log unavailable");
		}
		this.events.add(event);
	}

	<T extends AuditableEvent> List<T> ofType(Class<T> type) {
		return this.events.stream().filter(type::isInstance).map(type::cast).toList();
	}

}
