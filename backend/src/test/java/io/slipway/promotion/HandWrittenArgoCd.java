package io.slipway.promotion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.slipway.argocd.Application;
import io.slipway.argocd.ApplicationList;
import io.slipway.argocd.ApplicationMetadata;
import io.slipway.argocd.ApplicationQuery;
import io.slipway.argocd.ApplicationSpec;
import io.slipway.argocd.ApplicationStatus;
import io.slipway.argocd.ApplicationSummary;
import io.slipway.argocd.ApplicationWatchEvent;
import io.slipway.argocd.ArgoCdApplications;
import io.slipway.argocd.ArgoCdClient;
import io.slipway.argocd.ArgoCdVersion;
import io.slipway.argocd.HealthStatus;
import io.slipway.argocd.ManagedResource;
import io.slipway.argocd.Refresh;
import io.slipway.argocd.ResourceTree;
import io.slipway.argocd.RevisionHistory;
import io.slipway.argocd.RevisionMetadata;
import io.slipway.argocd.SyncRequest;
import io.slipway.argocd.SyncStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A hand-written stand-in for Argo CD's cache and client, until the contract-faithful fake lands:
 * applications held in memory, changes broadcast like the cache's stream, and a sync that makes
 * the application Synced at the main branch's tip with the health the test chose.
 */
final class HandWrittenArgoCd implements ArgoCdApplications, ArgoCdClient {

	private final Map<String, Application> applications = new ConcurrentHashMap<>();

	private final Sinks.Many<ApplicationChanged> changes = Sinks.many().multicast().directBestEffort();

	private final Map<String, String> healthAfterSync = new ConcurrentHashMap<>();

	private final AtomicInteger syncs = new AtomicInteger();

	private volatile Supplier<String> mainTip = () -> "unknown";

	void mainTip(Supplier<String> tip) {
		this.mainTip = tip;
	}

	/** Puts an application: Synced at {@code revision}, with this health, running this image. */
	void put(String name, String health, String revision, String image, List<RevisionHistory> history) {
		Application app = new Application(new ApplicationMetadata(name, "argocd", "1", Map.of(), Map.of(), null, null),
				new ApplicationSpec(null, null, "goapps", null),
				new ApplicationStatus(List.of(), new SyncStatus("Synced", revision),
						new HealthStatus(health, "Degraded".equals(health) ? "Back-off pulling image" : null, null),
						history, Instant.now(), null, new ApplicationSummary(List.of(image), List.of()), List.of()),
				null);
		this.applications.put(name, app);
		this.changes.tryEmitNext(new ApplicationChanged(name, app, Instant.now()));
	}

	/** What the application's health becomes once synced. */
	void healthAfterSync(String name, String health) {
		this.healthAfterSync.put(name, health);
	}

	int syncCount() {
		return this.syncs.get();
	}

	// --- cache

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
		return new CacheState(Mode.STREAMING, Instant.now(), null, null, this.applications.size());
	}

	@Override
	public Flux<ApplicationChanged> changes() {
		return this.changes.asFlux();
	}

	// --- client

	@Override
	public Mono<Application> refresh(String name, String project, Refresh refresh) {
		return Mono.justOrEmpty(this.applications.get(name));
	}

	@Override
	public Mono<Application> sync(String name, SyncRequest request) {
		this.syncs.incrementAndGet();
		Application current = this.applications.get(name);
		String revision = this.mainTip.get();
		String image = current.status().summary().images().get(0);
		List<RevisionHistory> history = new ArrayList<>(current.status().history());
		history.add(new RevisionHistory(history.size() + 1, revision, Instant.now(), Instant.now(), null, null));
		// the stream reports the sync a moment later, as Argo CD's controller would
		Mono.delay(java.time.Duration.ofMillis(100))
			.subscribe((tick) -> put(name, this.healthAfterSync.getOrDefault(name, "Healthy"), revision, image, history));
		return Mono.just(current);
	}

	@Override
	public Mono<ArgoCdVersion> version() {
		return Mono.error(new UnsupportedOperationException());
	}

	@Override
	public Mono<ApplicationList> list(ApplicationQuery query) {
		return Mono.error(new UnsupportedOperationException());
	}

	@Override
	public Mono<Application> get(String name, String project) {
		return Mono.justOrEmpty(this.applications.get(name));
	}

	@Override
	public Mono<ResourceTree> resourceTree(String name, String project) {
		return Mono.error(new UnsupportedOperationException());
	}

	@Override
	public Mono<List<ManagedResource>> managedResources(String name, String project) {
		return Mono.error(new UnsupportedOperationException());
	}

	@Override
	public Mono<RevisionMetadata> revisionMetadata(String name, String project, String revision) {
		return Mono.error(new UnsupportedOperationException());
	}

	@Override
	public Mono<Void> terminateOperation(String name, String project) {
		return Mono.empty();
	}

	@Override
	public Mono<Application> rollback(String name, String project, long historyId, boolean prune, boolean dryRun) {
		return Mono.error(new UnsupportedOperationException());
	}

	@Override
	public Mono<Application> setAutomatedSync(String name, String project, boolean enabled) {
		return Mono.error(new UnsupportedOperationException());
	}

	@Override
	public Flux<ApplicationWatchEvent> watch(ApplicationQuery query, String resourceVersion) {
		return Flux.empty();
	}

}
