package io.slipway.changerequest;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.slipway.changerequest.ChangeRequestConflictException.Reason;
import io.slipway.changerequest.ChangeRequestRepository.ForgePull;
import io.slipway.changerequest.ChangeRequestRepository.Row;
import io.slipway.forge.ForgeClient;
import io.slipway.forge.ForgeException;
import io.slipway.forge.ForgeProperties;
import io.slipway.forge.ForgePullRequest;
import io.slipway.forge.Forges;
import io.slipway.forge.OpenPullRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The change requests that live on the configured forge: opens their pull requests and follows
 * their state, so a merge or close done in the forge's UI shows in Slipway.
 * <p>
 * <b>Following.</b> A view asks {@link #follow} for the rows it shows; only open ones whose state
 * was last read more than {@code slipway.change-requests.forge-refresh} ago are read again, at most
 * {@value #CONCURRENCY} at a time, so a list of fifty costs the forge at most fifty requests per
 * refresh period, not per view. The view waits {@code forge-refresh-wait} for the answers; slower
 * ones still land in the database for the next view. A forge that fails is logged and the stored
 * state shown: reading must not break because the forge is down.
 * <p>
 * A state change seen on the forge is recorded with its audit event
 * ({@link ChangeRequestMerged}, {@link ChangeRequestClosed}) whose actor is the forge, since the
 * forge does not say who.
 */
@Component
class ForgePullRequests {

	/** How many pull requests are read from the forge at once. */
	static final int CONCURRENCY = 4;

	private static final Logger logger = LoggerFactory.getLogger(ForgePullRequests.class);

	private final Forges forges;

	private final @Nullable String forgeRepository;

	private final ChangeRequestRepository repository;

	private final ChangeRequestProperties properties;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transactions;

	private final Clock clock;

	/** When each change request's state was last asked of the forge (or is being asked). */
	private final Map<Long, Instant> lastRead = new ConcurrentHashMap<>();

	ForgePullRequests(Forges forges, ForgeProperties forgeProperties, ChangeRequestRepository repository,
			ChangeRequestProperties properties, ApplicationEventPublisher events,
			PlatformTransactionManager transactionManager, ObjectProvider<Clock> clock) {
		this.forges = forges;
		this.forgeRepository = forgeProperties.repository();
		this.repository = repository;
		this.properties = properties;
		this.events = events;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/**
	 * Whether new change requests open on a forge.
	 */
	boolean configured() {
		return this.forges.configured();
	}

	/**
	 * Opens the pull request of a change request about to be stored.
	 */
	Mono<ForgePull> open(OpenChangeRequest request, String target) {
		ForgeClient client = this.forges.client().orElseThrow();
		return client
			.open(new OpenPullRequest(request.branch(), target, request.title(), request.forgeBody(),
					request.labels()))
			.map((pull) -> new ForgePull(this.forges.type().key(), Objects.requireNonNull(this.forgeRepository),
					pull.id(), pull.number(), pull.url()));
	}

	/**
	 * Remembers that the state of a change request was just learnt, e.g. from opening or merging it.
	 */
	void fresh(long id) {
		this.lastRead.put(id, this.clock.instant());
	}

	/**
	 * Forgets when the state was read, so the next view asks the forge: after the forge refused an
	 * action, its state is likely not what Slipway recorded.
	 */
	void stale(long id) {
		this.lastRead.remove(id);
	}

	/**
	 * The client of the forge the row lives on; an error when that forge is not configured now.
	 */
	Mono<ForgeClient> clientOf(Row row, ForgePull pull) {
		if (configuredFor(pull)) {
			return Mono.just(this.forges.client().orElseThrow());
		}
		return Mono.error(new ChangeRequestConflictException(Reason.FORGE_NOT_CONFIGURED,
				"change request #" + row.id() + " is " + pull.url() + " in " + pull.repository() + " on "
						+ displayName(pull.forge()) + ", which is not the configured forge and repository"
						+ " (slipway.forge.type, slipway.forge.repository); act on it there"));
	}

	// pull requests of another forge or repository cannot be asked about
	private boolean configuredFor(ForgePull pull) {
		return this.forges.configured() && this.forges.type().key().equals(pull.forge())
				&& pull.repository().equals(this.forgeRepository);
	}

	/**
	 * The link pages and the API show.
	 */
	ForgeLink link(ForgePull pull) {
		return new ForgeLink(displayName(pull.forge()), pull.number(), pull.url(),
				ForgeProperties.Type.GITLAB.key().equals(pull.forge()));
	}

	/**
	 * Reads again, from the forge, the open change requests among {@code rows} whose state is older
	 * than the refresh period, and records what changed.
	 *
	 * @return whether any row was read again (so the caller re-reads the rows), once done or the
	 * wait is over
	 */
	Mono<Boolean> follow(List<Row> rows) {
		List<Row> due = rows.stream()
			.filter((row) -> row.state() == ChangeRequestState.OPEN && row.pull() != null
					&& configuredFor(row.pull()) && claim(row.id()))
			.toList();
		if (due.isEmpty()) {
			return Mono.just(false);
		}
		Mono<Void> reading = Flux.fromIterable(due).flatMap(this::follow, CONCURRENCY).then().cache();
		// started here so that answers arriving after the wait still get recorded
		reading.subscribe(null, (ex) -> logger.warn("Following pull requests failed: {}", ex.getMessage()));
		return reading.timeout(this.properties.forgeRefreshWait(), Mono.empty()).thenReturn(true);
	}

	private Mono<Void> follow(Row row) {
		ForgePull pull = row.pull();
		if (pull == null) {
			return Mono.empty();
		}
		return this.forges.client()
			.orElseThrow()
			.get(pull.id())
			.flatMap((current) -> Mono.fromRunnable(() -> record(row, pull, current))
				.subscribeOn(Schedulers.boundedElastic()))
			.onErrorResume(ForgeException.class, (ex) -> {
				logger.warn("Showing the stored state of change request #{} ({}): {}", row.id(), pull.url(),
						ex.getMessage());
				return Mono.empty();
			})
			.then();
	}

	private void record(Row row, ForgePull pull, ForgePullRequest current) {
		String forge = displayName(pull.forge());
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		if (current.state() == ForgePullRequest.State.MERGED) {
			this.transactions.executeWithoutResult((status) -> {
				if (this.repository.markMerged(row.id(), null, now, row.headCommit(), current.mergeCommit(), null)) {
					this.events.publishEvent(new ChangeRequestMerged(forge, row.id(), row.title(), row.sourceBranch(),
							row.targetBranch(), row.headCommit(), current.mergeCommit(), List.of()));
					logger.info("Change request #{} was merged on {}: {}", row.id(), forge, pull.url());
				}
			});
		}
		else if (current.state() == ForgePullRequest.State.CLOSED) {
			this.transactions.executeWithoutResult((status) -> {
				if (this.repository.markClosed(row.id(), null, now, row.headCommit())) {
					this.events.publishEvent(new ChangeRequestClosed(forge, row.id(), row.title(), row.headCommit()));
					logger.info("Change request #{} was closed on {}: {}", row.id(), forge, pull.url());
				}
			});
		}
	}

	/**
	 * Claims the next read of a change request's state: true when its last read is older than the
	 * refresh period (or never happened). Claiming stamps the time, so concurrent views do not
	 * both ask.
	 */
	private boolean claim(long id) {
		Instant now = this.clock.instant();
		boolean[] claimed = { false };
		this.lastRead.compute(id, (key, last) -> {
			if (last == null || !last.plus(this.properties.forgeRefresh()).isAfter(now)) {
				claimed[0] = true;
				return now;
			}
			return last;
		});
		return claimed[0];
	}

	static String displayName(@Nullable String key) {
		if (key == null) {
			return "the forge";
		}
		try {
			return ForgeProperties.Type.valueOf(key.toUpperCase(Locale.ROOT)).displayName();
		}
		catch (IllegalArgumentException ex) {
			return key;
		}
	}

}
