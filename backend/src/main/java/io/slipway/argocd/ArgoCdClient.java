package io.slipway.argocd;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Argo CD's REST API, as Slipway calls it. Every call is non-blocking, has a timeout, and fails
 * with an {@link ArgoCdException} subclass carrying Argo CD's own message. Idempotent reads are
 * retried with jitter behind a circuit breaker; writes are not retried.
 * <p>
 * Per-application calls take the application's project so that a missing application is a
 * {@link ArgoCdException.NotFound} rather than a {@link ArgoCdException.PermissionDenied}.
 * <p>
 * Each per-application call also comes with the application's namespace ({@code metadata.namespace}):
 * with Argo CD's "apps in any namespace", an application outside Argo CD's own namespace
 * ({@code slipway.argocd.namespace}) is found only when the call names its namespace
 * ({@code appNamespace}), else Argo CD answers as for a missing one. A {@code null} namespace, or
 * Argo CD's own, sends none. The calls without a namespace address Argo CD's own namespace.
 * <p>
 * Pages do not call this for state they show: they read {@link ArgoCdApplications}. This is for
 * actions (refresh, sync, rollback) and for details the cache does not hold.
 */
public interface ArgoCdClient {

	/**
	 * @return the server's version ({@code GET /api/version}, no auth needed)
	 */
	Mono<ArgoCdVersion> version();

	/**
	 * @param query filters and {@code fields} projection
	 * @return the matching applications sorted by name, with the resource version to stream from
	 */
	Mono<ApplicationList> list(ApplicationQuery query);

	/**
	 * @param name the application
	 * @param project its project
	 * @return the application as stored
	 */
	Mono<Application> get(String name, String project);

	/**
	 * Asks Argo CD to compare with Git again and waits until the controller has done so.
	 * @param name the application
	 * @param project its project
	 * @param refresh normal or hard
	 * @return the application after the refresh
	 */
	Mono<Application> refresh(String name, String project, Refresh refresh);

	/**
	 * @param name the application
	 * @param project its project
	 * @return every live object of the application
	 */
	Mono<ResourceTree> resourceTree(String name, String project);

	/**
	 * @param name the application
	 * @param project its project
	 * @return the managed resources with desired and live state
	 */
	Mono<List<ManagedResource>> managedResources(String name, String project);

	/**
	 * @param name the application
	 * @param project its project
	 * @param revision a commit SHA or symbolic ref
	 * @return author, date, tags and message of the revision
	 */
	Mono<RevisionMetadata> revisionMetadata(String name, String project, String revision);

	/**
	 * Starts a sync. Not retried: a second sync would be refused as "another operation is already
	 * in progress".
	 * @param name the application
	 * @param request revision, prune, dry run
	 * @return the application with {@code operation} set
	 */
	Mono<Application> sync(String name, SyncRequest request);

	/**
	 * @param name the application
	 * @param project its project
	 * @return completes when Argo CD accepted the termination
	 */
	Mono<Void> terminateOperation(String name, String project);

	/**
	 * Syncs back to a history entry. Argo CD refuses while auto-sync is on
	 * ({@link ArgoCdException.Rejected} with code 9).
	 * @param name the application
	 * @param project its project
	 * @param historyId {@code status.history[].id}, sent as a JSON number
	 * @param prune whether to prune
	 * @param dryRun whether to only report
	 * @return the application with the rollback's {@code operation} set
	 */
	Mono<Application> rollback(String name, String project, long historyId, boolean prune, boolean dryRun);

	/**
	 * Turns auto-sync off or on for one application with a merge patch of
	 * {@code spec.syncPolicy.automated.enabled}, keeping its prune and self-heal settings.
	 * @param name the application
	 * @param project its project
	 * @param enabled the new state
	 * @return the application after the patch
	 */
	Mono<Application> setAutomatedSync(String name, String project, boolean enabled);

	/**
	 * Streams changes ({@code GET /api/v1/stream/applications} with {@code Accept:
	 * text/event-stream}). Without a resource version, Argo CD first sends one ADDED event per
	 * application. The flux completes when the server ends the stream and fails with an
	 * {@link ArgoCdException} for an error in the stream; it never reconnects by itself.
	 * @param query filters and projection ({@code fields} here are {@code result.*} paths)
	 * @param resourceVersion the list's resource version, or {@code null}
	 * @return the events in the order Argo CD sent them
	 */
	Flux<ApplicationWatchEvent> watch(ApplicationQuery query, @Nullable String resourceVersion);

	/**
	 * Streams changes like {@link #watch(ApplicationQuery, String)} and also reports Argo CD's
	 * keepalives, which it sends every 15 s while nothing changes. A stream that delivers neither
	 * events nor keepalives for {@code slipway.argocd.stream-idle-timeout} fails with
	 * {@link ArgoCdException.Unavailable}; the keepalives let a caller tell a quiet stream from a
	 * dead one sooner, and know that its data is still current.
	 * @param query filters and projection ({@code fields} here are {@code result.*} paths)
	 * @param resourceVersion the list's resource version, or {@code null}
	 * @param onKeepalive called with the time a keepalive arrived, on the stream's thread; it must
	 * not block
	 * @return the events in the order Argo CD sent them
	 */
	default Flux<ApplicationWatchEvent> watch(ApplicationQuery query, @Nullable String resourceVersion,
			Consumer<Instant> onKeepalive) {
		return watch(query, resourceVersion);
	}

	// ---- the same calls for an application in a given namespace (apps in any namespace)
	// Implementations that talk to Argo CD override these; the defaults, for test doubles, address
	// the application by name alone.

	/**
	 * @param name the application
	 * @param namespace its namespace ({@code metadata.namespace}), {@code null} for Argo CD's own
	 * @param project its project
	 * @return the application as stored
	 */
	default Mono<Application> get(String name, @Nullable String namespace, String project) {
		return get(name, project);
	}

	/**
	 * @param name the application
	 * @param namespace its namespace, {@code null} for Argo CD's own
	 * @param project its project
	 * @param refresh normal or hard
	 * @return the application after the refresh
	 * @see #refresh(String, String, Refresh)
	 */
	default Mono<Application> refresh(String name, @Nullable String namespace, String project, Refresh refresh) {
		return refresh(name, project, refresh);
	}

	/**
	 * @param name the application
	 * @param namespace its namespace, {@code null} for Argo CD's own
	 * @param project its project
	 * @return every live object of the application
	 */
	default Mono<ResourceTree> resourceTree(String name, @Nullable String namespace, String project) {
		return resourceTree(name, project);
	}

	/**
	 * @param name the application
	 * @param namespace its namespace, {@code null} for Argo CD's own
	 * @param project its project
	 * @return the managed resources with desired and live state
	 */
	default Mono<List<ManagedResource>> managedResources(String name, @Nullable String namespace, String project) {
		return managedResources(name, project);
	}

	/**
	 * @param name the application
	 * @param namespace its namespace, {@code null} for Argo CD's own
	 * @param project its project
	 * @param revision a commit SHA or symbolic ref
	 * @return author, date, tags and message of the revision
	 */
	default Mono<RevisionMetadata> revisionMetadata(String name, @Nullable String namespace, String project,
			String revision) {
		return revisionMetadata(name, project, revision);
	}

	/**
	 * @param name the application
	 * @param namespace its namespace, {@code null} for Argo CD's own
	 * @param request revision, prune, dry run
	 * @return the application with {@code operation} set
	 * @see #sync(String, SyncRequest)
	 */
	default Mono<Application> sync(String name, @Nullable String namespace, SyncRequest request) {
		return sync(name, request);
	}

	/**
	 * @param name the application
	 * @param namespace its namespace, {@code null} for Argo CD's own
	 * @param project its project
	 * @return completes when Argo CD accepted the termination
	 */
	default Mono<Void> terminateOperation(String name, @Nullable String namespace, String project) {
		return terminateOperation(name, project);
	}

	/**
	 * @param name the application
	 * @param namespace its namespace, {@code null} for Argo CD's own
	 * @param project its project
	 * @param historyId {@code status.history[].id}, sent as a JSON number
	 * @param prune whether to prune
	 * @param dryRun whether to only report
	 * @return the application with the rollback's {@code operation} set
	 * @see #rollback(String, String, long, boolean, boolean)
	 */
	default Mono<Application> rollback(String name, @Nullable String namespace, String project, long historyId,
			boolean prune, boolean dryRun) {
		return rollback(name, project, historyId, prune, dryRun);
	}

	/**
	 * @param name the application
	 * @param namespace its namespace, {@code null} for Argo CD's own
	 * @param project its project
	 * @param enabled the new state
	 * @return the application after the patch
	 * @see #setAutomatedSync(String, String, boolean)
	 */
	default Mono<Application> setAutomatedSync(String name, @Nullable String namespace, String project,
			boolean enabled) {
		return setAutomatedSync(name, project, enabled);
	}

}
