package io.slipway.argocd;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The connection status the overview shows, derived from the live cache (is the stream or the
 * polling getting through, how stale is the data) and from Argo CD's version, which is asked for
 * in the background at start and then now and then. {@link #status()} never calls Argo CD: it
 * answers from what is already known, so a page never waits on a slow or dead server.
 */
@Component
class LiveArgoCdConnection implements ArgoCdConnection, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(LiveArgoCdConnection.class);

	static final String NOT_CONFIGURED = "Argo CD not configured: set slipway.argocd.url";

	private final ArgoCdClient client;

	private final ArgoCdApplications applications;

	private final LiveCacheProperties properties;

	private final Clock clock;

	private final boolean configured;

	private final @Nullable String serverUrl;

	private volatile @Nullable String version;

	private volatile @Nullable Disposable refreshes;

	@Autowired
	LiveArgoCdConnection(ArgoCdClient client, ArgoCdApplications applications, ArgoCdProperties connection,
			LiveCacheProperties properties) {
		this(client, applications, connection, properties, Clock.systemUTC());
	}

	LiveArgoCdConnection(ArgoCdClient client, ArgoCdApplications applications, ArgoCdProperties connection,
			LiveCacheProperties properties, Clock clock) {
		this.client = client;
		this.applications = applications;
		this.properties = properties;
		this.clock = clock;
		this.configured = connection.configured();
		// ArgoCdProperties refuses a URL with credentials, a query or a fragment
		this.serverUrl = connection.url();
	}

	@Override
	public Mono<ArgoCdConnectionStatus> status() {
		return Mono.fromSupplier(this::current);
	}

	private ArgoCdConnectionStatus current() {
		Instant now = this.clock.instant();
		if (!this.configured) {
			return ArgoCdConnectionStatus.notConnected(NOT_CONFIGURED, now);
		}
		ArgoCdApplications.CacheState state = this.applications.state();
		Instant synced = state.lastSyncedAt();
		if (state.unreachableSince() != null) {
			String message = "Unreachable since " + state.unreachableSince()
					+ ((state.lastError() != null) ? ": " + state.lastError() : "")
					+ ((synced != null) ? "; showing applications as of " + synced : "");
			return new ArgoCdConnectionStatus(ArgoCdConnectionStatus.State.UNREACHABLE, this.serverUrl, this.version,
					message, now, synced);
		}
		if (synced == null) {
			return new ArgoCdConnectionStatus(ArgoCdConnectionStatus.State.UNREACHABLE, this.serverUrl, this.version,
					"Connecting: no answer yet", now, null);
		}
		String how = switch (state.mode()) {
			case STREAMING -> "Streaming changes";
			case POLLING -> "Listing every " + LiveApplicationCache.readable(this.properties.pollInterval())
					+ " because the stream keeps failing"
					+ ((state.lastError() != null) ? " (" + state.lastError() + ")" : "");
			case CONNECTING -> "Reconnecting to the stream";
			case NOT_CONFIGURED -> "Not configured";
		};
		String message = how + "; " + state.applications() + " applications, last synced "
				+ state.stalenessSeconds(now) + " s ago";
		return new ArgoCdConnectionStatus(ArgoCdConnectionStatus.State.CONNECTED, this.serverUrl, this.version,
				message, now, synced);
	}

	@Override
	public void start() {
		if (!this.configured || this.refreshes != null) {
			return;
		}
		Duration every = this.properties.versionRefreshInterval();
		// The version changes only on an Argo CD upgrade: asking rarely is enough, and a failure
		// keeps the last known one rather than blanking it.
		this.refreshes = Flux.interval(Duration.ZERO, every)
			.onBackpressureDrop()
			.concatMap((tick) -> this.client.version()
				.timeout(every)
				.doOnNext((answer) -> this.version = answer.version())
				.onErrorResume((ex) -> {
					logger.debug("error reading Argo CD's version: " + ex.getMessage());
					return Mono.empty();
				}), 1)
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable refreshing = this.refreshes;
		this.refreshes = null;
		if (refreshing != null) {
			refreshing.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		return this.refreshes != null;
	}

}
