package io.slipway.promotion;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.slipway.platform.Environment;
import io.slipway.platform.Environments;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Component;

/**
 * Whether a promotion may merge: every gate PASSED, every checklist item checked, enough current
 * approvals. Says what is missing, in words, for the step message and the page.
 */
@Component
class Readiness {

	private static final Scheduler SCHEDULER = Schedulers.newBoundedElastic(Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE,
			Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE, "promotion", 60, true);

	private final GateEvaluator gates;

	private final PromotionRepository repository;

	private final Environments environments;

	Readiness(GateEvaluator gates, PromotionRepository repository, Environments environments) {
		this.gates = gates;
		this.repository = repository;
		this.environments = environments;
	}

	/**
	 * @param gates the gates as evaluated
	 * @param checklist the checklist items
	 * @param votes the votes
	 * @param approvalsRequired approvals needed
	 * @param missing what is missing, empty when the promotion may merge
	 */
	record Verdict(List<Gate> gates, List<ChecklistItem> checklist, List<PromotionVote> votes, int approvalsRequired,
			List<String> missing) {

		boolean ready() {
			return this.missing.isEmpty();
		}

		List<String> approvers() {
			return this.votes.stream()
				.filter((vote) -> vote.current() && vote.decision() == PromotionVote.Decision.APPROVED)
				.map(PromotionVote::voter)
				.distinct()
				.toList();
		}

	}

	Mono<Verdict> evaluate(PromotionRepository.Row row) {
		Environment target = this.environments.find(row.target()).orElseThrow();
		return this.gates.evaluate(GateEvaluator.Subject.of(row))
			.zipWith(blocking(() -> new Object[] { this.repository.checklist(row.id()),
					this.repository.votes(row.id(), row.imageTag()) }))
			.map((read) -> {
				@SuppressWarnings("unchecked")
				List<ChecklistItem> checklist = (List<ChecklistItem>) read.getT2()[0];
				@SuppressWarnings("unchecked")
				List<PromotionVote> votes = (List<PromotionVote>) read.getT2()[1];
				List<String> missing = new ArrayList<>();
				read.getT1()
					.stream()
					.filter((gate) -> !gate.holds())
					.forEach((gate) -> missing.add("gate " + gate.name() + " is " + gate.status() + ": " + gate.evidence()));
				checklist.stream()
					.filter((item) -> !item.checked())
					.forEach((item) -> missing.add("checklist item '" + item.label() + "' is not checked"));
				long approvals = votes.stream()
					.filter((vote) -> vote.current() && vote.decision() == PromotionVote.Decision.APPROVED)
					.map(PromotionVote::voter)
					.distinct()
					.count();
				if (approvals < target.approvals()) {
					missing.add(approvals + " of " + target.approvals() + " approval"
							+ ((target.approvals() == 1) ? "" : "s") + ((target.approverGroup() != null)
									? " from group " + target.approverGroup() : ""));
				}
				return new Verdict(read.getT1(), checklist, votes, target.approvals(), missing);
			});
	}

	/** The change request's description: the gates, the checklist and the approvals with evidence. */
	static String describe(PromotionRepository.Row row, Verdict verdict, String promotionPath) {
		StringBuilder body = new StringBuilder();
		body.append("Promotion #").append(row.id()).append(": ").append(row.service()).append(' ')
			.append(row.imageTag()).append(" from ").append(row.source()).append(" to ").append(row.target())
			.append(", requested by ").append(row.requestedBy()).append(".\n")
			.append("Details and live status: ").append(promotionPath).append("\n\nGates\n");
		verdict.gates()
			.forEach((gate) -> body.append("- [").append(gate.status()).append("] ").append(gate.name()).append(": ")
				.append(gate.evidence()).append('\n'));
		body.append("\nChecklist\n");
		if (verdict.checklist().isEmpty()) {
			body.append("- none configured\n");
		}
		verdict.checklist()
			.forEach((item) -> body.append("- [").append(item.checked() ? "x" : " ").append("] ").append(item.label())
				.append(item.checked() ? " (" + item.checkedBy() + ", " + item.checkedAt()
						+ ((item.note() != null && !item.note().isBlank()) ? ": " + item.note() : "") + ")" : "")
				.append('\n'));
		body.append("\nApprovals (").append(verdict.approvers().size()).append(" of ")
			.append(verdict.approvalsRequired()).append(")\n");
		verdict.votes()
			.stream()
			.filter(PromotionVote::current)
			.forEach((vote) -> body.append("- ").append(vote.decision()).append(" by ").append(vote.voter())
				.append(" at ").append(vote.at())
				.append((vote.comment() != null && !vote.comment().isBlank()) ? ": " + vote.comment() : "")
				.append('\n'));
		return body.toString();
	}

	/**
	 * Runs the promotions' own blocking work (the database, mostly) off the event loop, on threads
	 * of their own: on the shared bounded-elastic pool it queued behind Git writes, whose threads
	 * all wait their turn for the repository's write lock when many promotions commit at once, so
	 * a promotion whose rollout had finished waited seconds to record that it succeeded.
	 */
	static <T> Mono<T> blocking(Callable<T> work) {
		return Mono.fromCallable(work).subscribeOn(SCHEDULER);
	}

}
