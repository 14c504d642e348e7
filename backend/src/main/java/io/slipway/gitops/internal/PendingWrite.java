package io.slipway.gitops.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

import io.slipway.gitops.CommitAuthor;
import io.slipway.gitops.CommitRequest;
import io.slipway.gitops.CommitResult;
import io.slipway.gitops.MergeRequest;
import io.slipway.gitops.MergeResult;
import org.eclipse.jgit.lib.ObjectId;
import org.jspecify.annotations.Nullable;

/**
 * One write waiting for, or taking part in, a batch: what the caller asked, the future the caller
 * waits on, and what its latest application to the batch's {@link PlannedRefs} did. A write is
 * applied once per round it takes part in (its {@link #attempts()}); kept writes of a round whose
 * push failed for other writes' sake are pushed again without being applied again.
 *
 * @param <T> what the caller gets back
 */
abstract sealed class PendingWrite<T> {

	private final CompletableFuture<T> result = new CompletableFuture<>();

	private int attempts;

	private Set<String> plannedReads = Set.of();

	private Map<String, ObjectId> writes = Map.of();

	private @Nullable IntFunction<T> outcome;

	private @Nullable RuntimeException failure;

	CompletableFuture<T> result() {
		return this.result;
	}

	boolean done() {
		return this.result.isDone();
	}

	int attempts() {
		return this.attempts;
	}

	/** The branch this write is about, for messages. */
	abstract String branch();

	/** Starts an application of this write to a round's plan. */
	void applying() {
		this.attempts++;
		this.outcome = null;
		this.failure = null;
		this.plannedReads = Set.of();
		this.writes = Map.of();
	}

	/** The latest application does not count as an attempt (it has to be made again anyway). */
	void notCounted() {
		this.attempts--;
	}

	/** The application succeeded: these refs change, and the caller gets {@code outcome(attempts)}. */
	void applied(PlannedRefs.View view, IntFunction<T> outcome) {
		this.plannedReads = Set.copyOf(view.plannedReads());
		this.writes = Map.copyOf(view.writes());
		this.outcome = outcome;
	}

	/** The application failed (e.g. a conflict); depends on what it read from the plan. */
	void failed(PlannedRefs.View view, RuntimeException failure) {
		this.plannedReads = Set.copyOf(view.plannedReads());
		this.writes = Map.of();
		this.failure = failure;
	}

	/** Refs read from earlier writes' plans in the latest application. */
	Set<String> plannedReads() {
		return this.plannedReads;
	}

	/** Refs this write changes (zero id: deleted), as of its latest application. */
	Map<String, ObjectId> writes() {
		return this.writes;
	}

	/** Hands the latest application's outcome to the caller. */
	void finish() {
		RuntimeException failed = this.failure;
		if (failed != null) {
			this.result.completeExceptionally(failed);
		}
		else if (this.outcome != null) {
			this.result.complete(this.outcome.apply(this.attempts));
		}
		else {
			throw new IllegalStateException("a write was finished before it was applied");
		}
	}

	void fail(RuntimeException failure) {
		this.result.completeExceptionally(failure);
	}

	/** A commit of file changes. */
	static final class Commit extends PendingWrite<CommitResult> {

		final CommitRequest request;

		final String branch;

		final String baseBranch;

		final CommitAuthor author;

		final String message;

		/**
		 * Where the branch must be for it to be replaced by one commit on its base (force with
		 * lease); {@code null} for an ordinary commit on the branch's tip.
		 */
		final @Nullable String replacing;

		Commit(CommitRequest request, String branch, String baseBranch, CommitAuthor author,
				String message) {
			this(request, branch, baseBranch, author, message, null);
		}

		Commit(CommitRequest request, String branch, String baseBranch, CommitAuthor author,
				String message, @Nullable String replacing) {
			this.request = request;
			this.branch = branch;
			this.baseBranch = baseBranch;
			this.author = author;
			this.message = message;
			this.replacing = replacing;
		}

		@Override
		String branch() {
			return this.branch;
		}

	}

	/** A merge, possibly deleting its source branch. */
	static final class Merge extends PendingWrite<MergeResult> {

		final MergeRequest request;

		final String message;

		/**
		 * Where the source branch was when merged, when it is to be deleted in a push of its own
		 * after the merge landed (a remote that cannot push atomically); else {@code null}.
		 */
		@Nullable ObjectId deleteAfterwards;

		/** Whether the source branch went away with the merge. */
		boolean sourceDeleted;

		Merge(MergeRequest request, String message) {
			this.request = request;
			this.message = message;
		}

		@Override
		String branch() {
			return this.request.targetBranch();
		}

	}

	/** The deletion of a branch; the caller gets the commit it pointed at, or {@code null}. */
	static final class Deletion extends PendingWrite<String> {

		final String branch;

		final @Nullable String expectedTip;

		/** Whether someone else deleted the branch between the fetch and the push. */
		boolean alreadyGone;

		Deletion(String branch, @Nullable String expectedTip) {
			this.branch = branch;
			this.expectedTip = expectedTip;
		}

		@Override
		String branch() {
			return this.branch;
		}

	}

	/** A wish for a fetch that starts after it was asked for. */
	static final class Refresh extends PendingWrite<Void> {

		final long askedNanos;

		Refresh(long askedNanos) {
			this.askedNanos = askedNanos;
		}

		@Override
		String branch() {
			return "";
		}

		void fetched() {
			result().complete(null);
		}

	}

	/** Tells the writer thread to stop once everything before it is written. */
	static final class Stop extends PendingWrite<Void> {

		@Override
		String branch() {
			return "";
		}

	}

}
