package io.slipway.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The overview's Kubernetes card. {@link #status()} answers at once from the last probe (the API
 * server's {@code /version}); probing runs in the background, every
 * {@code slipway.cluster.refresh-interval}, from when the application is ready or a page first
 * asks, so start-up neither builds the client nor waits on an API server.
 */
@Component
class LiveClusterConnection implements ClusterConnection, DisposableBean {

	private static final Log logger = LogFactory.getLog(LiveClusterConnection.class);

	static final String CONNECTING = "Connecting: no answer yet";

	private final KubernetesClientProvider clients;

	private final ClusterProperties properties;

	private final Clock clock;

	private volatile @Nullable ClusterConnectionStatus last;

	private @Nullable Disposable refreshes;

	private boolean stopped;

	@Autowired
	LiveClusterConnection(KubernetesClientProvider clients, ClusterProperties properties,
			ObjectProvider<Clock> clock) {
		this(clients, properties, clock.getIfUnique(Clock::systemUTC));
	}

	LiveClusterConnection(KubernetesClientProvider clients, ClusterProperties properties, Clock clock) {
		this.clients = clients;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public Mono<ClusterConnectionStatus> status() {
		return Mono.fromSupplier(() -> {
			if (!this.properties.enabled()) {
				return ClusterConnectionStatus.notConnected(DiscoveringKubernetesClientProvider.DISABLED,
						this.clock.instant());
			}
			startRefreshing();
			ClusterConnectionStatus known = this.last;
			return (known != null) ? known
					: new ClusterConnectionStatus(ClusterConnectionStatus.State.UNREACHABLE, null, null, CONNECTING,
							this.clock.instant());
		});
	}

	/**
	 * Probes the API server now and remembers the answer.
	 * @return the new status, on the bounded-elastic scheduler
	 */
	Mono<ClusterConnectionStatus> refresh() {
		return Mono.fromCallable(() -> new Fabric8ClusterReader(this.clients).probe(this.clock.instant()))
			.subscribeOn(Schedulers.boundedElastic())
			.onErrorResume((ex) -> Mono.just(new ClusterConnectionStatus(ClusterConnectionStatus.State.UNREACHABLE,
					null, null, "error probing the Kubernetes API: " + ex.getMessage(), this.clock.instant())))
			.doOnNext(this::remember);
	}

	@EventListener(ApplicationReadyEvent.class)
	void startRefreshing() {
		synchronized (this) {
			if (this.refreshes != null || this.stopped || !this.properties.enabled()) {
				return;
			}
			this.refreshes = Flux.interval(Duration.ZERO, this.properties.refreshInterval(),
					Schedulers.boundedElastic())
				.onBackpressureDrop()
				.concatMap((tick) -> refresh(), 1)
				.subscribe();
		}
	}

	private void remember(ClusterConnectionStatus status) {
		ClusterConnectionStatus previous = this.last;
		this.last = status;
		if (previous == null || previous.state() != status.state()) {
			// state transitions are worth a line; the periodic probe itself is not
			logger.info("Kubernetes API " + status.state() + ((status.apiServerUrl() != null) ? " at " + status.apiServerUrl() : "")
					+ ((status.message() != null) ? ": " + status.message() : ""));
		}
	}

	@Override
	public void destroy() {
		Disposable refreshing;
		synchronized (this) {
			this.stopped = true;
			refreshing = this.refreshes;
			this.refreshes = null;
		}
		if (refreshing != null) {
			refreshing.dispose();
		}
	}

}
