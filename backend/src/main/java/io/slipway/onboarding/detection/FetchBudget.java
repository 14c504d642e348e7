package io.slipway.onboarding.detection;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.eclipse.jgit.lib.ProgressMonitor;
import org.jspecify.annotations.Nullable;

/**
 * The bytes and the time one fetch may spend. Every byte JGit receives for the object database
 * passes through {@link #meter(InputStream)}, which stops the transfer (with an
 * {@link IOException} JGit wraps) once the size limit or the deadline is passed, or the caller
 * gave up; {@link #breach()} then tells which.
 * <p>
 * Checking per read rather than per object (as a {@link ProgressMonitor} alone would) also stops
 * a single huge object mid-way. A read the remote never answers is bounded by JGit's transport
 * timeout instead.
 */
final class FetchBudget {

	/**
	 * Which bound a fetch crossed.
	 */
	enum Breach {

		/** More than the allowed bytes arrived. */
		SIZE,

		/** The deadline passed. */
		TIME,

		/** The caller stopped waiting (e.g. its own timeout fired or the request was cancelled). */
		ABANDONED

	}

	private final long maxBytes;

	private final long deadlineNanos;

	private final BooleanSupplier abandoned;

	private final AtomicLong received = new AtomicLong();

	private volatile @Nullable Breach breach;

	FetchBudget(long maxBytes, long deadlineNanos, BooleanSupplier abandoned) {
		this.maxBytes = maxBytes;
		this.deadlineNanos = deadlineNanos;
		this.abandoned = abandoned;
	}

	long maxBytes() {
		return this.maxBytes;
	}

	long received() {
		return this.received.get();
	}

	/**
	 * The bound that was crossed, if any.
	 */
	@Nullable Breach breach() {
		return this.breach;
	}

	/**
	 * Counts bytes that arrived outside a metered stream (e.g. whole objects a dumb HTTP server
	 * sends) and fails when they exceed the budget.
	 */
	void charge(long bytes) throws IOException {
		if (this.received.addAndGet(bytes) > this.maxBytes) {
			throw breached(Breach.SIZE);
		}
		checkTime();
	}

	void checkTime() throws IOException {
		if (this.abandoned.getAsBoolean()) {
			throw breached(Breach.ABANDONED);
		}
		if (System.nanoTime() - this.deadlineNanos > 0) {
			throw breached(Breach.TIME);
		}
	}

	private IOException breached(Breach which) {
		if (this.breach == null) {
			this.breach = which;
		}
		return new IOException("fetch stopped: " + which.name().toLowerCase(Locale.ROOT) + " limit reached");
	}

	/**
	 * Wraps what JGit reads a pack from.
	 */
	InputStream meter(InputStream in) {
		return new FilterInputStream(in) {

			@Override
			public int read() throws IOException {
				int b = super.read();
				if (b >= 0) {
					charge(1);
				}
				return b;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				int n = super.read(buffer, offset, length);
				if (n > 0) {
					charge(n);
				}
				return n;
			}

			@Override
			public long skip(long n) throws IOException {
				long skipped = super.skip(n);
				charge(skipped);
				return skipped;
			}

		};
	}

	/**
	 * A progress monitor that cancels the fetch between objects when a bound is crossed, for the
	 * stretches of a fetch that read no pack bytes (negotiation, delta resolution).
	 */
	ProgressMonitor monitor() {
		return new ProgressMonitor() {

			@Override
			public void start(int totalTasks) {
			}

			@Override
			public void beginTask(String title, int totalWork) {
			}

			@Override
			public void update(int completed) {
			}

			@Override
			public void endTask() {
			}

			@Override
			public boolean isCancelled() {
				try {
					checkTime();
					return FetchBudget.this.breach != null;
				}
				catch (IOException ex) {
					return true;
				}
			}

			@Override
			public void showDuration(boolean enabled) {
			}

		};
	}

}
