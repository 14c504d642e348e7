package io.slipway.onboarding.detection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.slipway.onboarding.detection.FetchBudget.Breach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The budget stops a transfer as soon as it passes the size limit, not at the end of an object,
 * and stops it when the deadline passes or the caller gave up.
 */
class FetchBudgetTests {

	private static final long FAR_AWAY = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);

	@Test
	void stopsReadingOnceTheLimitIsPassed() {
		FetchBudget budget = new FetchBudget(1000, FAR_AWAY, () -> false);
		InputStream in = budget.meter(new ByteArrayInputStream(new byte[1_000_000]));

		assertThatThrownBy(() -> {
			byte[] buffer = new byte[100];
			while (in.read(buffer) >= 0) {
				// keep reading, as a pack parser would
			}
		}).isInstanceOf(IOException.class);
		assertThat(budget.breach()).isEqualTo(Breach.SIZE);
		assertThat(budget.received()).isLessThanOrEqualTo(1100);
	}

	@Test
	void readingUpToTheLimitIsFine() throws IOException {
		FetchBudget budget = new FetchBudget(1000, FAR_AWAY, () -> false);

		byte[] read = budget.meter(new ByteArrayInputStream(new byte[1000])).readAllBytes();

		assertThat(read).hasSize(1000);
		assertThat(budget.breach()).isNull();
		assertThat(budget.monitor().isCancelled()).isFalse();
	}

	@Test
	void stopsAfterTheDeadline() {
		FetchBudget budget = new FetchBudget(1000, System.nanoTime() - 1, () -> false);

		assertThat(budget.monitor().isCancelled()).isTrue();
		assertThatThrownBy(() -> budget.meter(new ByteArrayInputStream(new byte[10])).read())
			.isInstanceOf(IOException.class);
		assertThat(budget.breach()).isEqualTo(Breach.TIME);
	}

	@Test
	void stopsWhenTheCallerGaveUp() {
		AtomicBoolean abandoned = new AtomicBoolean();
		FetchBudget budget = new FetchBudget(1000, FAR_AWAY, abandoned::get);
		assertThat(budget.monitor().isCancelled()).isFalse();

		abandoned.set(true);

		assertThat(budget.monitor().isCancelled()).isTrue();
		assertThat(budget.breach()).isEqualTo(Breach.ABANDONED);
	}

	@Test
	void chargesObjectsInsertedWholeToo() {
		FetchBudget budget = new FetchBudget(1000, FAR_AWAY, () -> false);

		assertThatThrownBy(() -> {
			budget.charge(600);
			budget.charge(600);
		}).isInstanceOf(IOException.class);
		assertThat(budget.breach()).isEqualTo(Breach.SIZE);
	}

}
