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

}
