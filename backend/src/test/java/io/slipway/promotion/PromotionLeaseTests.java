package io.slipway.promotion;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.slipway.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Slipway replicas sharing one database, each with its own runner and connection pool, on H2
 * and on PostgreSQL: a promotion both are asked to drive at the same moment runs its steps once
 * (one commit, one set of steps), and a promotion whose instance died is taken over once its lease
 * expired. And an abort that commits while the runner is between reading a promotion and recording
 * a step's outcome: the page keeps showing "aborted by …" and skipped steps, not the runner's
 * stale "waiting: …" and a step running again.
 */
class PromotionLeaseTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static TestDatabase h2;

	private static TestDatabase postgres;

	@BeforeAll
	static void open() {
		h2 = TestDatabase.h2InMemory();
		postgres = TestDatabase.postgres("promotion_lease");
	}

	@AfterAll
	static void close() {
		h2.close();
		postgres.close();
	}

	private static TestDatabase database(String kind) {
		return kind.equals("H2") ? h2 : postgres;
	}

	/** Steps that only count how often each ran; the commit takes a moment, as a push does. */
	static final class CountingSteps {

		final Map<PromotionStepKind, AtomicInteger> runs = new ConcurrentHashMap<>();

		List<PromotionStepRunner> runners() {
			return java.util.Arrays.stream(PromotionStepKind.values()).map(this::runner).toList();
		}

		private PromotionStepRunner runner(PromotionStepKind kind) {
			return new PromotionStepRunner() {
				@Override
				public PromotionStepKind kind() {
					return kind;
				}

				@Override
				public Mono<StepResult> run(PromotionRepository.Row promotion) {
					CountingSteps.this.runs.computeIfAbsent(kind, (key) -> new AtomicInteger()).incrementAndGet();
					Mono<StepResult> done = Mono.just(new StepResult.Done(kind.id() + " done"));
					return (kind == PromotionStepKind.GIT_COMMIT) ? done.delayElement(Duration.ofMillis(300)) : done;
				}
			};
		}

		int total() {
			return this.runs.values().stream().mapToInt(AtomicInteger::get).sum();
		}

	}

	private static PromotionRunner replica(TestDatabase database, CountingSteps steps, List<Object> events,
			Duration lease) {
		return runner(new PromotionRepository(JdbcClient.create(database.openDataSource())), steps.runners(), events,
				lease);
	}

	private static PromotionRunner runner(PromotionRepository repository, List<PromotionStepRunner> steps,
			List<Object> events, Duration lease) {
		return new PromotionRunner(repository, steps, events::add,
				new PromotionProperties(Duration.ofSeconds(15), Duration.ofMinutes(15), lease, Duration.ofSeconds(5)));
	}

	private static long request(TestDatabase database, String service) {
		return new PromotionRepository(database.jdbc()).insert(service, "staging", "production",
				new Candidate("ghcr.io/acme/" + service, "1.5.0", "abc1234"), "1.4.0",
				"services/" + service + "/overlays/production", "dave", List.of());
	}

	@ParameterizedTest
	@ValueSource(strings = { "H2", "PostgreSQL" })
	void twoReplicasAskedAtOnceDriveAPromotionOnce(String kind) {
		TestDatabase database = database(kind);
		CountingSteps steps = new CountingSteps();
		List<Object> events = new CopyOnWriteArrayList<>();
		PromotionRunner first = replica(database, steps, events, Duration.ofSeconds(30));
		PromotionRunner second = replica(database, steps, events, Duration.ofSeconds(30));
		long id = request(database, "payments-" + kind.toLowerCase(java.util.Locale.ROOT));

		Mono.when(first.advance(id), second.advance(id)).block(PATIENCE);

		PromotionRepository repository = new PromotionRepository(database.jdbc());
		assertThat(repository.find(id).orElseThrow().phase()).isEqualTo(PromotionPhase.Succeeded);
		// every step once: one commit, one change request, one merge
		assertThat(steps.runs).hasSize(PromotionStepKind.values().length)
			.allSatisfy((step, runs) -> assertThat(runs.get()).as(step.id()).isEqualTo(1));
		assertThat(events).filteredOn(PromotionSucceeded.class::isInstance).hasSize(1);
		// the lease is given back at the end
		assertThat(leaseOwner(database, id)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "H2", "PostgreSQL" })
	void aPromotionHeldByAnotherReplicaIsLeftToItUntilItsLeaseExpires(String kind) {
		TestDatabase database = database(kind);
		CountingSteps steps = new CountingSteps();
		List<Object> events = new CopyOnWriteArrayList<>();
		PromotionRunner survivor = replica(database, steps, events, Duration.ofSeconds(30));
		long id = request(database, "orders-" + kind.toLowerCase(java.util.Locale.ROOT));
		PromotionRepository repository = new PromotionRepository(database.jdbc());
		// a replica claimed it and died: its lease runs another minute
		Instant now = PromotionRepository.now();
		assertThat(repository.claim(id, "dead-replica", now, now.plus(Duration.ofMinutes(1)))).isTrue();

		survivor.advance(id).block(PATIENCE);

		assertThat(steps.total()).isZero();
		assertThat(repository.findOpenUnclaimed(survivor.owner(), PromotionRepository.now()))
			.extracting(PromotionRepository.Row::id)
			.doesNotContain(id);

		// the lease expired: the next look takes the promotion over and finishes it
		database.jdbc()
			.sql("UPDATE promotion SET lease_expires_at = :past WHERE id = :id")
			.param("past", now.minus(Duration.ofSeconds(1)).atOffset(java.time.ZoneOffset.UTC))
			.param("id", id)
			.update();
		assertThat(repository.findOpenUnclaimed(survivor.owner(), PromotionRepository.now()))
			.extracting(PromotionRepository.Row::id)
			.contains(id);
		survivor.advance(id).block(PATIENCE);

		assertThat(repository.find(id).orElseThrow().phase()).isEqualTo(PromotionPhase.Succeeded);
		assertThat(steps.runs.get(PromotionStepKind.GIT_COMMIT).get()).isEqualTo(1);
	}

	/** A repository that lets the abort in right after the runner's next read, once armed. */
	static final class AbortAfterNextRead extends PromotionRepository {

		final AtomicBoolean armed = new AtomicBoolean();

		AbortAfterNextRead(JdbcClient jdbc) {
			super(jdbc);
		}

		@Override
		Optional<Row> find(long id) {
			Optional<Row> found = super.find(id);
			if (this.armed.compareAndSet(true, false)) {
				// what PromotionManagement.abort commits, in one statement each
				assertThat(updatePhase(id, PromotionPhase.Pending, PromotionPhase.Aborted, "aborted by dave")).isTrue();
				skipRemainingSteps(id);
			}
			return found;
		}

	}

	private static List<PromotionStepRunner> stepsThatWaitForApprovals(AbortAfterNextRead repository,
			List<PromotionStepKind> ran) {
		return java.util.Arrays.stream(PromotionStepKind.values()).map((kind) -> (PromotionStepRunner) new PromotionStepRunner() {
			@Override
			public PromotionStepKind kind() {
				return kind;
			}

			@Override
			public Mono<StepResult> run(PromotionRepository.Row promotion) {
				ran.add(kind);
				if (kind == PromotionStepKind.WAIT_FOR_APPROVALS) {
					// the abort lands between the runner's read of this outcome and its writes
					repository.armed.set(true);
					return Mono.just(new StepResult.Waiting("waiting: 0 of 1 approval"));
				}
				return Mono.just(new StepResult.Done(kind.id() + " done"));
			}
		}).toList();
	}

	@ParameterizedTest
	@ValueSource(strings = { "H2", "PostgreSQL" })
	void anAbortBetweenTheRunnersReadAndWriteKeepsItsMessageAndSkippedSteps(String kind) {
		TestDatabase database = database(kind);
		AbortAfterNextRead repository = new AbortAfterNextRead(JdbcClient.create(database.openDataSource()));
		List<PromotionStepKind> ran = new CopyOnWriteArrayList<>();
		PromotionRunner runner = runner(repository, stepsThatWaitForApprovals(repository, ran), new ArrayList<>(),
				Duration.ofSeconds(30));
		long id = request(database, "search-" + kind.toLowerCase(java.util.Locale.ROOT));

		runner.advance(id).block(PATIENCE);

		PromotionRepository.Row row = repository.find(id).orElseThrow();
		assertThat(row.phase()).isEqualTo(PromotionPhase.Aborted);
		assertThat(row.phaseMessage()).isEqualTo("aborted by dave");
		List<PromotionStep> steps = repository.steps(id);
		assertThat(steps).filteredOn((step) -> step.kind() == PromotionStepKind.WAIT_FOR_APPROVALS)
			.singleElement()
			.satisfies((step) -> assertThat(step.status()).isEqualTo(StepStatus.SKIPPED));
		assertThat(steps).noneMatch((step) -> step.status() == StepStatus.RUNNING || step.status() == StepStatus.PENDING);
		assertThat(ran).doesNotContain(PromotionStepKind.MERGE);
	}

	private static String leaseOwner(TestDatabase database, long id) {
		return database.jdbc()
			.sql("SELECT lease_owner FROM promotion WHERE id = :id")
			.param("id", id)
			.query((rs, n) -> rs.getString(1))
			.list()
			.get(0);
	}

}
