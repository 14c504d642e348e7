package io.slipway.catalog;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.slipway.argocd.Application;
import io.slipway.argocd.ArgoCdApplications;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The Argo CD cache as a test sets it: applications put and removed by hand, each change
 * published like the real cache's, and a freshness the test chooses.
 */
class InMemoryArgoCdApplications implements ArgoCdApplications {

	private final Map<String, Application> applications = new ConcurrentHashMap<>();

	private final Sinks.Many<ApplicationChanged> changes = Sinks.many().multicast().directBestEffort();

	private volatile CacheState state = streaming();

	static CacheState streaming() {
		return new CacheState(Mode.STREAMING, Instant.now(), null, null, 0);
	}

	void put(Application application) {
		this.applications.put(application.name(), application);
		this.changes.emitNext(new ApplicationChanged(application.name(), application, Instant.now()),
				Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofSeconds(1)));
	}

	void remove(String name) {
		this.applications.remove(name);
		this.changes.emitNext(new ApplicationChanged(name, null, Instant.now()),
				Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofSeconds(1)));
	}

	void clear() {
		// as the real cache does, every removal is a change: the catalog reuses what it built until one
		List.copyOf(this.applications.keySet()).forEach(this::remove);
	}

	void state(CacheState state) {
		this.state = state;
	}

	@Override
	public Collection<Application> all() {
		return List.copyOf(this.applications.values());
	}

	@Override
	public Optional<Application> find(String name) {
		return Optional.ofNullable(this.applications.get(name));
	}

	@Override
	public CacheState state() {
		CacheState current = this.state;
		return new CacheState(current.mode(), current.lastSyncedAt(), current.unreachableSince(), current.lastError(),
				this.applications.size());
	}

	@Override
	public Flux<ApplicationChanged> changes() {
		return this.changes.asFlux();
	}

}
