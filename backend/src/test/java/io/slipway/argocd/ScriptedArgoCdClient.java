package io.slipway.argocd;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * An in-memory Argo CD for the cache's unit tests: a list with a resource version, and streams the
 * test drives (events, keepalives, endings, errors). Only list, watch and version are answered.
 */
class ScriptedArgoCdClient implements ArgoCdClient {

	private final Map<String, Application> applications = new TreeMap<>();

	private long resourceVersion = 100;

	private final List<Stream> streams = new CopyOnWriteArrayList<>();

	private final AtomicInteger lists = new AtomicInteger();

	private final AtomicInteger watches = new AtomicInteger();

	private final AtomicInteger versions = new AtomicInteger();

	private volatile boolean down;

	private final AtomicReference<@Nullable Throwable> streamFailure = new AtomicReference<>();

	private volatile boolean streamsEndAtOnce;

	private final AtomicReference<@Nullable Runnable> beforeNextWatch = new AtomicReference<>();

	synchronized void put(String name, String health) {
		String version = Long.toString(++this.resourceVersion);
		ApplicationWatchEvent.Type type = this.applications.containsKey(name) ? ApplicationWatchEvent.Type.MODIFIED
				: ApplicationWatchEvent.Type.ADDED;
		Application application = application(name, health, version);
		this.applications.put(name, application);
		broadcast(type, application);
	}

	synchronized void delete(String name) {
		Application application = this.applications.remove(name);
		this.resourceVersion++;
		if (application != null) {
			broadcast(ApplicationWatchEvent.Type.DELETED, application);
		}
	}

	/** Changes an application without telling any stream, as if the event were lost. */
	synchronized void putSilently(String name, String health) {
		this.applications.put(name, application(name, health, Long.toString(++this.resourceVersion)));
	}

	synchronized void deleteSilently(String name) {
		this.applications.remove(name);
		this.resourceVersion++;
	}

	/**
	 * Runs the change when the next stream is asked for, before Argo CD registers it: the change
	 * falls between the list and the stream.
	 */
	void beforeNextWatch(Runnable change) {
		this.beforeNextWatch.set(change);
	}

	void keepalive() {
		for (Stream stream : this.streams) {
			stream.keepalive().accept(Instant.now());
		}
	}

	void endStreams() {
		for (Stream stream : this.streams) {
			stream.sink().tryEmitComplete();
		}
	}

	void breakStreams(Throwable error) {
		for (Stream stream : this.streams) {
			stream.sink().tryEmitError(error);
		}
	}

	void goDown() {
		this.down = true;
		breakStreams(refused("streaming"));
	}

	void comeBack() {
		this.down = false;
	}

	/** New streams fail at once with this error (the list keeps working). */
	void failStreams(@Nullable Throwable error) {
		this.streamFailure.set(error);
	}

	/** New streams end at once without an event (the list keeps working). */
	void endStreamsAtOnce(boolean end) {
		this.streamsEndAtOnce = end;
	}

	int lists() {
		return this.lists.get();
	}

	int watches() {
		return this.watches.get();
	}

	int calls() {
		return this.lists.get() + this.watches.get() + this.versions.get();
	}

	int openStreams() {
		return this.streams.size();
	}

	@Override
	public Mono<ArgoCdVersion> version() {
		this.versions.incrementAndGet();
		return Mono.defer(() -> this.down ? Mono.error(refused("reading the version"))
				: Mono.just(new ArgoCdVersion("v3.5.1+109ca7c")));
	}

	@Override
	public Mono<ApplicationList> list(ApplicationQuery query) {
		return Mono.defer(() -> {
			this.lists.incrementAndGet();
			if (this.down) {
				return Mono.error(refused("listing applications"));
			}
			synchronized (this) {
				return Mono.just(new ApplicationList(new ArrayList<>(this.applications.values()),
						new ApplicationList.ListMetadata(Long.toString(this.resourceVersion))));
			}
		});
	}

	@Override
	public Flux<ApplicationWatchEvent> watch(ApplicationQuery query, @Nullable String resourceVersion) {
		return watch(query, resourceVersion, (at) -> {
		});
	}

	@Override
	public Flux<ApplicationWatchEvent> watch(ApplicationQuery query, @Nullable String resourceVersion,
			Consumer<Instant> onKeepalive) {
		return Flux.defer(() -> {
			this.watches.incrementAndGet();
			if (this.down) {
				return Flux.error(refused("streaming"));
			}
			Throwable failure = this.streamFailure.get();
			if (failure != null) {
				return Flux.error(failure);
			}
			if (this.streamsEndAtOnce) {
				return Flux.empty();
			}
			Runnable before = this.beforeNextWatch.getAndSet(null);
			if (before != null) {
				before.run();
			}
			Stream stream = new Stream(Sinks.many().unicast().onBackpressureBuffer(), onKeepalive);
			synchronized (this) {
				// as Argo CD: registered first, then (without a resource version) every application
				// as it stands, so that no change falls between the two
				this.streams.add(stream);
				if (resourceVersion == null) {
					this.applications.values()
						.forEach((application) -> stream.sink()
							.tryEmitNext(new ApplicationWatchEvent(ApplicationWatchEvent.Type.ADDED, application)));
				}
			}
			return stream.sink().asFlux().doFinally((signal) -> this.streams.remove(stream));
		});
	}

	private void broadcast(ApplicationWatchEvent.Type type, Application application) {
		for (Stream stream : this.streams) {
			stream.sink().tryEmitNext(new ApplicationWatchEvent(type, application));
		}
	}

	static Application application(String name, String health, String resourceVersion) {
		return new Application(
				new ApplicationMetadata(name, "argocd", resourceVersion, Map.of(), Map.of(), null, null), null,
				new ApplicationStatus(List.of(), new SyncStatus("Synced", "abc123"),
						new HealthStatus(health, null, Instant.parse("2026-11-22T10:00:00Z")), List.of(), null, null,
						null, List.of()),
				null);
	}

	static ArgoCdException.Unavailable refused(String what) {
		return new ArgoCdException.Unavailable("error " + what + " at http://127.0.0.1:1: Connection refused", 0,
				null, "Connection refused", null);
	}

	@Override
	public Mono<Application> get(String name, String project) {
		throw new UnsupportedOperationException("the cache never gets one application");
	}

	@Override
	public Mono<Application> refresh(String name, String project, Refresh refresh) {
		throw new UnsupportedOperationException("the cache never refreshes");
	}

	@Override
	public Mono<ResourceTree> resourceTree(String name, String project) {
		throw new UnsupportedOperationException("the cache never reads resource trees");
	}

	@Override
	public Mono<List<ManagedResource>> managedResources(String name, String project) {
		throw new UnsupportedOperationException("the cache never reads managed resources");
	}

	@Override
	public Mono<RevisionMetadata> revisionMetadata(String name, String project, String revision) {
		throw new UnsupportedOperationException("the cache never reads revision metadata");
	}

	@Override
	public Mono<Application> sync(String name, SyncRequest request) {
		throw new UnsupportedOperationException("the cache never syncs");
	}

	@Override
	public Mono<Void> terminateOperation(String name, String project) {
		throw new UnsupportedOperationException("the cache never terminates");
	}

	@Override
	public Mono<Application> rollback(String name, String project, long historyId, boolean prune, boolean dryRun) {
		throw new UnsupportedOperationException("the cache never rolls back");
	}

	@Override
	public Mono<Application> setAutomatedSync(String name, String project, boolean enabled) {
		throw new UnsupportedOperationException("the cache never patches");
	}

	private record Stream(Sinks.Many<ApplicationWatchEvent> sink, Consumer<Instant> keepalive) {
	}

}
