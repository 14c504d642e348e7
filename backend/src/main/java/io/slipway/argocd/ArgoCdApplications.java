package io.slipway.argocd;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * Every Argo CD application as last reported, kept in memory from one list and then the event
 * stream, so that pages render without waiting on Argo CD and keep rendering when it is down.
 * <p>
 * Reads are immediate and never fail. {@link #state()} says how fresh the data is.
 */
public interface ArgoCdApplications {

	/**
	 * @return every known application (a snapshot; later changes do not show in it)
	 */
	Collection<Application> all();

	/**
	 * @param name the application's name
	 * @return the application as last reported, empty when Argo CD does not know it (or has not
	 * been reached yet)
	 */
	Optional<Application> find(String name);

	/**
	 * @return how fresh the cache is and why
	 */
	CacheState state();

	/**
	 * Changes as they are applied to the cache, for pages that update live and for waiting on an
	 * application to reach a state. Hot: subscribers see changes after they subscribe. Never
	 * fails; a slow subscriber loses the oldest changes, not the stream.
	 * @return the changes
	 */
	Flux<ApplicationChanged> changes();

	/**
	 * One change applied to the cache.
	 *
	 * @param name the application
	 * @param application the application after the change, {@code null} when it was deleted
	 * @param appliedAt when Slipway applied it
	 */
	record ApplicationChanged(String name, @Nullable Application application, Instant appliedAt) {
	}

	/**
	 * How fresh the cache is.
	 *
	 * @param mode where the data comes from now
	 * @param lastSyncedAt when the cache last matched Argo CD (the last list, event or keepalive),
	 * {@code null} before it ever did
	 * @param unreachableSince since when Argo CD has not answered, {@code null} while it does
	 * @param lastError the last failure with context, {@code null} while none
	 * @param applications how many applications are cached
	 */
	record CacheState(Mode mode, @Nullable Instant lastSyncedAt, @Nullable Instant unreachableSince,
			@Nullable String lastError, int applications) {

		/**
		 * @param now the current time
		 * @return seconds since the cache last matched Argo CD, or -1 before it ever did
		 */
		public long stalenessSeconds(Instant now) {
			return (this.lastSyncedAt != null) ? java.time.Duration.between(this.lastSyncedAt, now).toSeconds() : -1;
		}

	}

	/**
	 * Where the cached data comes from.
	 */
	enum Mode {

		/** No Argo CD server is configured; the cache stays empty. */
		NOT_CONFIGURED,

		/** Listing and connecting to the stream, or reconnecting after a failure. */
		CONNECTING,

		/** Fed by the event stream. */
		STREAMING,

		/** The stream keeps failing; the cache is refreshed by listing at an interval. */
		POLLING

	}

}
