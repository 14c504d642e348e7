package io.slipway.promotion;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.slipway.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An abort that commits while the runner is between reading a promotion and recording a step's
 * outcome, on H2 and on PostgreSQL: the page keeps showing "aborted by …" and skipped steps, not
 * the runner's stale "waiting: …" and a step running again.
 */
class PromotionAbortRaceTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static TestDatabase h2;

	private static TestDatabase postgres;

	@BeforeAll
	static void open() {
		h2 = TestDatabase.h2InMemory();
		postgres = TestDatabase.postgres("promotion_abort_race");
	}

	@AfterAll
	static void close() {
		h2.close();
		postgres.close();
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
		TestDatabase database = kind.equals("H2") ? h2 : postgres;
		AbortAfterNextRead repository = new AbortAfterNextRead(JdbcClient.create(database.openDataSource()));
		List<PromotionStepKind> ran = new CopyOnWriteArrayList<>();
		PromotionRunner runner = new PromotionRunner(repository, stepsThatWaitForApprovals(repository, ran),
				(event) -> {
				}, new PromotionProperties(Duration.ofSeconds(15), Duration.ofMinutes(15), Duration.ofSeconds(30),
						Duration.ofSeconds(5)));
		String service = "search-" + kind.toLowerCase(Locale.ROOT);
		long id = new PromotionRepository(database.jdbc()).insert(service, "staging", "production",
				new Candidate("ghcr.io/acme/" + service, "1.5.0", "abc1234"), "1.4.0",
				"services/" + service + "/overlays/production", "dave", List.of());

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

}
