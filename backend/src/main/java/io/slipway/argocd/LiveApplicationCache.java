package io.slipway.argocd;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps every Argo CD application in memory: one list, then the event stream, so that pages read a
 * map and never wait on Argo CD.
 * <p>
 * The stream is opened without a resource version, so Argo CD first sends every application as it
 * stands once the stream is registered, then the changes. Watching from the list's resource version
 * instead (what Argo CD's UI does) loses any change made between the list and the server
 * registering the stream, until the next list, which can be hours away. The replayed copies of
 * applications the list already brought at the same version replace them silently (they add
 * per-resource health); older copies are ignored.
 * <p>
 * All state changes run on one thread ({@code argocd-cache}), in the order Argo CD sent them;
 * readers on any thread see a consistent map through a volatile reference. When the stream ends,
 * fails or goes silent the cache reconnects with exponential backoff and jitter, listing again
 * first so that changes made during the gap are not lost. When the stream keeps failing it polls
 * the list instead, and keeps trying the stream in the background until one holds.
 */
@Component
class LiveApplicationCache implements ArgoCdApplications, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(LiveApplicationCache.class);

	/** How many changes a slow subscriber may fall behind before it loses the oldest. */
	private static final int SUBSCRIBER_BUFFER = 4096;

	private final ArgoCdClient client;

	private final LiveCacheProperties properties;

	private final boolean configured;

	private final Duration streamIdleTimeout;

	private final Clock clock;

	private final Sinks.Many<ApplicationChanged> changes = Sinks.many().multicast().directBestEffort();

	private final Map<ApplicationWatchEvent.Type, Counter> events = new EnumMap<>(ApplicationWatchEvent.Type.class);

	private final Counter reconnects;

	// Replaced as a whole on resync, so a reader never sees half of an old and half of a new list.
	private volatile Map<String, Application> applications = new ConcurrentHashMap<>();

	private volatile Mode mode;

	private volatile @Nullable Instant lastSyncedAt;

	private volatile @Nullable Instant unreachableSince;

	private volatile @Nullable String lastError;

	private volatile boolean running;

	private volatile @Nullable Scheduler worker;

	// Set on the worker thread; volatile because stop() disposes them from another one.

	private volatile @Nullable Disposable call;

	private volatile @Nullable Disposable reconnect;

	private volatile @Nullable Disposable polls;

	private volatile @Nullable Disposable poll;

	private volatile @Nullable Disposable watchdog;

	// Everything below is touched only on the worker thread.

	/** The current connection attempt; callbacks of an older one arrive late and are ignored. */
	private long attempt;

	private int failures;

	private boolean polling;

	private boolean watching;

	private boolean held;

	private boolean keepalivesSeen;

	private Instant lastStreamSignal = Instant.EPOCH;

	@Autowired
	LiveApplicationCache(ArgoCdClient client, ArgoCdProperties connection, LiveCacheProperties properties,
			MeterRegistry meters) {
		this(client, connection, properties, meters, Clock.systemUTC());
	}

	LiveApplicationCache(ArgoCdClient client, ArgoCdProperties connection, LiveCacheProperties properties,
			MeterRegistry meters, Clock clock) {
		this.client = client;
		this.properties = properties;
		this.configured = connection.configured();
		this.streamIdleTimeout = connection.streamIdleTimeout();
		this.clock = clock;
		this.mode = this.configured ? Mode.CONNECTING : Mode.NOT_CONFIGURED;
		for (ApplicationWatchEvent.Type type : ApplicationWatchEvent.Type.values()) {
			this.events.put(type,
					Counter.builder("slipway.argocd.events")
						.description("Application events received from Argo CD's stream")
						.tag("type", type.name())
						.register(meters));
		}
		this.reconnects = Counter.builder("slipway.argocd.reconnects")
			.description("Reconnections to Argo CD after the stream ended, failed or went silent")
			.register(meters);
		Gauge.builder("slipway.argocd.staleness", this, LiveApplicationCache::stalenessSeconds)
			.description("Seconds since the cache last matched Argo CD (a list, an event or a keepalive)")
			.baseUnit("seconds")
			.register(meters);
		Gauge.builder("slipway.argocd.applications", this, (cache) -> cache.applications.size())
			.description("Argo CD applications in the cache")
			.register(meters);
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
		return new CacheState(this.mode, this.lastSyncedAt, this.unreachableSince, this.lastError,
				this.applications.size());
	}

	@Override
	public Flux<ApplicationChanged> changes() {
		return this.changes.asFlux().onBackpressureBuffer(SUBSCRIBER_BUFFER, (dropped) -> {
		}, BufferOverflowStrategy.DROP_OLDEST);
	}

	@Override
	public void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		if (!this.configured) {
			logger.info("Argo CD is not configured (slipway.argocd.url): the application cache stays empty");
			return;
		}
		Scheduler scheduler = Schedulers.newSingle("argocd-cache", true);
		this.worker = scheduler;
		Duration idle = this.streamIdleTimeout;
		long checkEvery = Math.max(50, idle.toMillis() / 4);
		this.watchdog = scheduler.schedulePeriodically(this::checkStreamAlive, checkEvery, checkEvery,
				TimeUnit.MILLISECONDS);
		onWorker(this::connect);
	}

	@Override
	public void stop() {
		this.running = false;
		Scheduler scheduler = this.worker;
		this.worker = null;
		if (scheduler != null) {
			dispose(this.call, this.reconnect, this.polls, this.poll, this.watchdog);
			scheduler.dispose();
		}
		this.changes.tryEmitComplete();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void connect() {
		long current = ++this.attempt;
		dispose(this.call);
		this.watching = false;
		this.call = this.client.list(ApplicationQuery.all())
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("Argo CD answered the list with nothing")))
			.subscribe((list) -> onWorker(current, () -> listed(current, list)),
					(ex) -> onWorker(current, () -> failed("error listing applications", ex, true)));
	}

	private void listed(long current, ApplicationList list) {
		resync(list.items());
		reached();
		if (!this.polling) {
			// While polling, the stream's last error says why; otherwise the outage is over.
			this.lastError = null;
			this.mode = Mode.STREAMING;
		}
		watch(current);
	}

	private void watch(long current) {
		Scheduler scheduler = this.worker;
		if (scheduler == null) {
			return;
		}
		this.watching = true;
		this.held = false;
		this.lastStreamSignal = now();
		this.call = this.client
			.watch(ApplicationQuery.all(), null, (at) -> onWorker(current, this::keepalive))
			.publishOn(scheduler)
			.subscribe((event) -> {
				if (current == this.attempt) {
					apply(event);
				}
			}, (ex) -> {
				if (current == this.attempt) {
					failed("error streaming applications", ex, isUnreachable(ex));
				}
			}, () -> {
				if (current == this.attempt) {
					failed("the application stream ended", null, false);
				}
			});
		// A stream from a resource version with no changes is silent for 15 s; one that has not
		// failed by now is as good as one that delivered.
		later(this.properties.streamStableAfter(), () -> {
			if (current == this.attempt && this.watching && !this.held) {
				streamHeld();
			}
		});
	}

	private void apply(ApplicationWatchEvent event) {
		Application application = event.application();
		if (event.type() == null || application == null || application.metadata() == null
				|| application.metadata().name() == null) {
			return;
		}
		this.events.get(event.type()).increment();
		streamSignal();
		String name = application.name();
		if (event.type() == ApplicationWatchEvent.Type.DELETED) {
			this.applications.remove(name);
			emit(name, null);
		}
		else {
			Application cached = this.applications.get(name);
			int order = (cached != null) ? compareVersions(application, cached) : 1;
			if (order < 0) {
				return;
			}
			this.applications.put(name, application);
			if (order > 0) {
				emit(name, application);
			}
		}
	}

	/**
	 * Orders two copies of one application by resource version, numerically as Argo CD itself does;
	 * a version that is missing or not a number counts as newer, so it is never dropped.
	 */
	static int compareVersions(Application candidate, Application cached) {
		String version = candidate.metadata().resourceVersion();
		String held = cached.metadata().resourceVersion();
		if (version == null || held == null) {
			return 1;
		}
		try {
			return Long.compare(Long.parseLong(version), Long.parseLong(held));
		}
		catch (NumberFormatException ex) {
			return version.equals(held) ? 0 : 1;
		}
	}

	private void keepalive() {
		this.keepalivesSeen = true;
		if (this.watching) {
			streamSignal();
		}
	}

	private void streamSignal() {
		this.lastStreamSignal = now();
		reached();
		if (!this.held) {
			streamHeld();
		}
	}

	private void streamHeld() {
		this.held = true;
		this.failures = 0;
		this.lastError = null;
		if (this.polling) {
			logger.info("Argo CD's application stream holds again: back to streaming");
			this.polling = false;
			dispose(this.polls, this.poll);
		}
		this.mode = Mode.STREAMING;
	}

	/**
	 * Argo CD's keepalive comes every 15 s; a stream with neither events nor keepalives for much
	 * longer is a connection that died without telling (a proxy, a suspended laptop, a lost FIN).
	 * The client fails such a stream itself; this guards against one that does not. Only checked
	 * once keepalives have been seen, so a client that does not report them never makes a quiet
	 * stream look dead.
	 */
	private void checkStreamAlive() {
		if (!this.running || !this.watching || !this.keepalivesSeen) {
			return;
		}
		Duration silent = Duration.between(this.lastStreamSignal, now());
		if (silent.compareTo(this.streamIdleTimeout) > 0) {
			failed("no event or keepalive on the application stream for " + readable(silent), null, true);
		}
	}

	private void failed(String context, @Nullable Throwable ex, boolean unreachable) {
		// Invalidate whatever the failed attempt still has in flight.
		this.attempt++;
		dispose(this.call);
		this.watching = false;
		this.failures++;
		String message = (ex != null) ? context + ": " + describe(ex) : context;
		this.lastError = message;
		if (unreachable && this.unreachableSince == null) {
			this.unreachableSince = now();
		}
		Duration delay = backoff(this.failures);
		logger.warn(message + "; reconnecting in " + readable(delay) + " (failure " + this.failures + ")");
		if (!this.polling && this.failures >= this.properties.streamFailuresBeforePolling()) {
			startPolling();
		}
		else if (!this.polling) {
			this.mode = Mode.CONNECTING;
		}
		dispose(this.reconnect);
		this.reconnect = later(delay, () -> {
			this.reconnects.increment();
			connect();
		});
	}

	/**
	 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so that many
	 * Slipway replicas do not reconnect to a recovering Argo CD in lockstep.
	 */
	Duration backoff(int failures) {
		long first = this.properties.reconnectDelay().toMillis();
		long max = this.properties.maxReconnectDelay().toMillis();
		long exponential = first << Math.min(failures - 1, 20);
		long capped = Math.min(max, (exponential > 0) ? exponential : max);
		long half = capped / 2;
		return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
	}

	private void startPolling() {
		logger.warn("Argo CD's application stream failed " + this.failures
				+ " times in a row: listing every " + readable(this.properties.pollInterval())
				+ " and retrying the stream in the background");
		this.polling = true;
		this.mode = Mode.POLLING;
		Scheduler scheduler = this.worker;
		if (scheduler != null) {
			long every = this.properties.pollInterval().toMillis();
			this.polls = scheduler.schedulePeriodically(this::poll, every, every, TimeUnit.MILLISECONDS);
		}
	}

	private void poll() {
		// While a background stream attempt is open, its events are newer than any list would be.
		if (!this.running || !this.polling || this.watching || (this.poll != null && !this.poll.isDisposed())) {
			return;
		}
		this.poll = this.client.list(ApplicationQuery.all())
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("Argo CD answered the list with nothing")))
			.subscribe((list) -> onWorker(() -> {
				if (this.polling && !this.watching) {
					resync(list.items());
					reached();
				}
			}), (ex) -> onWorker(() -> {
				if (this.polling) {
					this.lastError = "error listing applications: " + describe(ex);
					if (this.unreachableSince == null) {
						this.unreachableSince = now();
					}
				}
			}));
	}

	/**
	 * Replaces the map with a fresh list and tells subscribers what changed meanwhile. An
	 * application with the resource version already held is kept as it is: the stream's copy
	 * carries per-resource health, which list items lack.
	 */
	private void resync(List<Application> items) {
		Map<String, Application> previous = this.applications;
		Map<String, Application> next = new ConcurrentHashMap<>(Math.max(16, items.size() * 2));
		List<Map.Entry<String, @Nullable Application>> changed = new ArrayList<>();
		for (Application item : items) {
			if (item.metadata() == null || item.metadata().name() == null) {
				continue;
			}
			Application old = previous.get(item.name());
			if (old != null && sameVersion(old, item)) {
				next.put(item.name(), old);
			}
			else {
				next.put(item.name(), item);
				if (!item.equals(old)) {
					changed.add(new HashMap.SimpleEntry<>(item.name(), item));
				}
			}
		}
		for (String name : previous.keySet()) {
			if (!next.containsKey(name)) {
				changed.add(new HashMap.SimpleEntry<>(name, null));
			}
		}
		this.applications = next;
		for (Map.Entry<String, @Nullable Application> change : changed) {
			emit(change.getKey(), change.getValue());
		}
	}

	private static boolean sameVersion(Application old, Application item) {
		String version = item.metadata().resourceVersion();
		return version != null && version.equals(old.metadata().resourceVersion());
	}

	private void reached() {
		this.lastSyncedAt = now();
		this.unreachableSince = null;
	}

	private void emit(String name, @Nullable Application application) {
		// Only the worker emits, so there is never a concurrent emission to fail on; a subscriber
		// without demand is skipped rather than allowed to hold up the stream.
		this.changes.tryEmitNext(new ApplicationChanged(name, application, now()));
	}

	private double stalenessSeconds() {
		Instant synced = this.lastSyncedAt;
		return (synced != null) ? Duration.between(synced, now()).toMillis() / 1000.0 : Double.NaN;
	}

	private void onWorker(Runnable task) {
		Scheduler scheduler = this.worker;
		if (scheduler == null || !this.running) {
			return;
		}
		try {
			scheduler.schedule(() -> {
				if (this.running) {
					task.run();
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// stopping: nothing left to update
		}
	}

	private @Nullable Disposable later(Duration delay, Runnable task) {
		Scheduler scheduler = this.worker;
		if (scheduler == null) {
			return null;
		}
		try {
			return scheduler.schedule(() -> {
				if (this.running) {
					task.run();
				}
			}, delay.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			return null;
		}
	}

	private void onWorker(long current, Runnable task) {
		onWorker(() -> {
			if (current == this.attempt) {
				task.run();
			}
		});
	}

	private Instant now() {
		return this.clock.instant();
	}

	/**
	 * Whether a stream failure means Argo CD cannot be reached, rather than that it answered and
	 * refused (which still leaves the list usable).
	 */
	private static boolean isUnreachable(Throwable ex) {
		return !(ex instanceof ArgoCdException) || ex instanceof ArgoCdException.Unavailable;
	}

	static String readable(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + " s" : millis + " ms";
	}

	private static String describe(Throwable ex) {
		String message = ex.getMessage();
		return (message != null && !message.isBlank()) ? message : ex.getClass().getSimpleName();
	}

	private static void dispose(@Nullable Disposable... disposables) {
		for (Disposable disposable : disposables) {
			if (disposable != null) {
				disposable.dispose();
			}
		}
	}

}
