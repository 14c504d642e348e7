package io.slipway.promotion;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What the promotion pages show, computed from a {@link PromotionDetail} and the caller: tones of
 * the badges, durations as text, the diff split into lines, the timeline, and which actions this
 * caller may take (the template only reads booleans: Thymeleaf's security dialect does not work
 * on WebFlux, and the rules depend on the promotion, not only on roles).
 */
final class PromotionView {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private PromotionView() {
	}

	/** Badge tone of a phase (see fragments/status.html). */
	static String tone(PromotionPhase phase) {
		return switch (phase) {
			case Pending -> "warn";
			case Running -> "progress";
			case Succeeded -> "ok";
			case Failed, Errored -> "error";
			case Aborted -> "unknown";
		};
	}

	static String tone(GateStatus status) {
		return switch (status) {
			case PASSED -> "ok";
			case FAILED -> "error";
			case PENDING -> "warn";
			case UNKNOWN -> "unknown";
		};
	}

	static String tone(StepStatus status) {
		return switch (status) {
			case SUCCEEDED -> "ok";
			case RUNNING -> "progress";
			case FAILED, ERRORED -> "error";
			case PENDING, SKIPPED -> "unknown";
		};
	}

	/** A duration as people read it on a status page: {@code 850ms}, {@code 42s}, {@code 3m 05s}, {@code 2h 07m}. */
	static String duration(@Nullable Duration duration) {
		if (duration == null) {
			return "";
		}
		long millis = Math.max(0, duration.toMillis());
		if (millis < 1000) {
			return millis + "ms";
		}
		long seconds = millis / 1000;
		if (seconds < 60) {
			return seconds + "s";
		}
		if (seconds < 3600) {
			return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
		}
		if (seconds < 86400) {
			return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
		}
		return String.format(Locale.ROOT, "%dd %02dh", seconds / 86400, (seconds % 86400) / 3600);
	}

	static String shortRevision(@Nullable String revision) {
		return (revision == null) ? "" : revision.substring(0, Math.min(7, revision.length()));
	}

	/**
	 * A moment as pages show it: machine-readable for {@code <time datetime>}, and in UTC, the
	 * zone Git and Argo CD show too.
	 */
	record Moment(String iso, String text) {

		static @Nullable Moment of(@Nullable Instant instant) {
			return (instant != null) ? new Moment(instant.toString(), TIME.format(instant)) : null;
		}

	}

	/** A row of {@code /promotions}. */
	record ListRow(Promotion promotion, String tone, Moment requested, String duration) {

		static ListRow of(Promotion promotion, Instant now) {
			Instant end = (promotion.finishedAt() != null) ? promotion.finishedAt() : now;
			return new ListRow(promotion, PromotionView.tone(promotion.phase()), Objects.requireNonNull(Moment.of(promotion.createdAt())),
					PromotionView.duration(Duration.between(promotion.createdAt(), end)));
		}

	}

	/** A gate with its badge. */
	record GateRow(Gate gate, String tone) {

		/** The message key of the gate's name. */
		public String nameKey() {
			return "promotions.gate." + this.gate.name();
		}

		public String statusKey() {
			return "promotions.gateStatus." + this.gate.status().name();
		}

	}

	/** A step with its badge and how long it took (or has taken so far). */
	record StepRow(PromotionStep step, String tone, @Nullable Moment started, String duration) {

		public String nameKey() {
			return "promotions.step." + this.step.kind().id();
		}

		public String statusKey() {
			return "promotions.stepStatus." + this.step.status().name();
		}

	}

	/** A checklist item with when it was recorded. */
	record ChecklistRow(ChecklistItem item, @Nullable Moment at) {
	}

	/** A vote with when it was given. */
	record VoteRow(PromotionVote vote, Moment at) {
	}

	/** One line of the promotion's diff, classified for colour and sign. */
	record DiffLine(String kind, String sign, String text) {

		static List<DiffLine> parse(String diff) {
			List<DiffLine> lines = new ArrayList<>();
			if (diff.isBlank()) {
				return lines;
			}
			for (String line : diff.split("\n", -1)) {
				if (line.startsWith("diff --git") || line.startsWith("index ") || line.startsWith("--- ")
						|| line.startsWith("+++ ") || line.startsWith("new file mode") || line.startsWith("deleted file mode")) {
					lines.add(new DiffLine("header", "", line));
				}
				else if (line.startsWith("@@")) {
					lines.add(new DiffLine("hunk", "", line));
				}
				else if (line.startsWith("+")) {
					lines.add(new DiffLine("added", "+", line.substring(1)));
				}
				else if (line.startsWith("-")) {
					lines.add(new DiffLine("removed", "-", line.substring(1)));
				}
				else if (!line.isEmpty() || !lines.isEmpty()) {
					lines.add(new DiffLine("context", " ", line.isEmpty() ? "" : line.substring(1)));
				}
			}
			// the split leaves an empty context line after the diff's last newline
			while (!lines.isEmpty() && lines.get(lines.size() - 1).kind().equals("context")
					&& lines.get(lines.size() - 1).text().isEmpty()) {
				lines.remove(lines.size() - 1);
			}
			return lines;
		}

	}

	/**
	 * One event of the timeline: a message key with up to three arguments.
	 */
	record TimelineEntry(Instant instant, Moment at, String key, String a, String b, String c, String tone) {

		static TimelineEntry of(Instant instant, String key, String tone, @Nullable String a, @Nullable String b,
				@Nullable String c) {
			return new TimelineEntry(instant, Objects.requireNonNull(Moment.of(instant)), key, Objects.toString(a, ""),
					Objects.toString(b, ""), Objects.toString(c, ""), tone);
		}

	}

	/**
	 * What the caller is, for the rules of the actions.
	 *
	 * @param name the user name
	 * @param admin whether they hold the admin role
	 * @param mayCheck the permission matrix allows checklist items
	 * @param mayApprove the permission matrix allows approvals
	 * @param mayReject the permission matrix allows rejections
	 * @param mayMerge the permission matrix allows merges
	 * @param mayAbort the permission matrix allows aborts
	 * @param inApproverGroup whether they are in the target's approver group (true when it has none)
	 */
	record Caller(String name, boolean admin, boolean mayCheck, boolean mayApprove, boolean mayReject,
			boolean mayMerge, boolean mayAbort, boolean inApproverGroup) {
	}

	/**
	 * Everything {@code /promotions/{id}} shows, and the actions the caller may take.
	 * {@code fingerprint} summarises what those actions depend on: the live refresh reloads the
	 * page when it changes, so no stale button is offered.
	 */
	record Detail(Promotion promotion, String tone, Moment requested, @Nullable Moment finished, String duration,
			Moment evaluated, String revision, String commit, String mergeCommit, boolean gatesHold,
			List<GateRow> gates, List<StepRow> steps, List<ChecklistRow> checklist, List<VoteRow> votes,
			List<PromotionDetail.Comparison> comparison, List<DiffLine> diff, @Nullable String changeRequestPath,
			List<TimelineEntry> timeline, int missingApprovals, boolean requester, boolean approvedByCaller,
			boolean canCheck, boolean canApprove, boolean canReject, boolean canMerge, boolean canAbort,
			boolean canWaive, boolean live, String fingerprint) {

		static Detail of(PromotionDetail detail, Caller caller) {
			Promotion promotion = detail.promotion();
			Instant now = detail.evaluatedAt();
			boolean open = promotion.phase() == PromotionPhase.Pending && !promotion.merged();
			boolean requester = promotion.requestedBy().equals(caller.name());
			boolean approvedByCaller = promotion.currentApprovers().contains(caller.name());
			boolean voter = open && !requester && caller.inApproverGroup();
			boolean holds = detail.gatesHold();
			boolean everythingHolds = holds && promotion.checklistComplete() && promotion.approved();
			Instant end = (promotion.finishedAt() != null) ? promotion.finishedAt() : now;
			List<StepRow> steps = promotion.steps()
				.stream()
				.map((step) -> new StepRow(step, PromotionView.tone(step.status()), Moment.of(step.startedAt()),
						PromotionView.duration(step.duration(now))))
				.toList();
			boolean canMerge = open && !promotion.autoMerge() && promotion.mergeRequestedBy() == null
					&& caller.mayMerge() && everythingHolds;
			String fingerprint = fingerprint(promotion, holds);
			return new Detail(promotion, PromotionView.tone(promotion.phase()), Objects.requireNonNull(Moment.of(promotion.createdAt())),
					Moment.of(promotion.finishedAt()), PromotionView.duration(Duration.between(promotion.createdAt(), end)),
					Objects.requireNonNull(Moment.of(now)), PromotionView.shortRevision(promotion.candidate().revision()),
					PromotionView.shortRevision(promotion.commitId()), PromotionView.shortRevision(promotion.mergeCommit()), holds,
					detail.gates().stream().map((gate) -> new GateRow(gate, PromotionView.tone(gate.status()))).toList(), steps,
					promotion.checklist().stream().map((item) -> new ChecklistRow(item, Moment.of(item.checkedAt()))).toList(),
					promotion.votes()
						.stream()
						.map((vote) -> new VoteRow(vote, Objects.requireNonNull(Moment.of(vote.at()))))
						.toList(),
					detail.comparison(), DiffLine.parse(detail.diff()), detail.changeRequestPath(),
					timeline(promotion), Math.max(0, promotion.approvalsRequired() - promotion.currentApprovers().size()),
					requester, approvedByCaller, open && caller.mayCheck(),
					voter && caller.mayApprove() && !approvedByCaller, voter && caller.mayReject(), canMerge,
					open && caller.mayAbort() && (requester || caller.admin()),
					open && caller.admin() && promotion.healthWaivedBy() == null, !promotion.phase().isTerminal(),
					fingerprint);
		}

		/**
		 * Whether to offer a rollback: the promotion failed after its merge, so the target may
		 * run the failing release.
		 */
		public boolean rollbackOffer() {
			return this.promotion.phase() == PromotionPhase.Failed && this.promotion.merged();
		}

		/** Whether the promotion waits for someone to press Merge. */
		public boolean awaitsMerge() {
			return this.promotion.phase() == PromotionPhase.Pending && !this.promotion.merged()
					&& !this.promotion.autoMerge() && this.promotion.mergeRequestedBy() == null;
		}

		private static String fingerprint(Promotion promotion, boolean gatesHold) {
			StringBuilder state = new StringBuilder().append(promotion.phase())
				.append('|')
				.append(promotion.candidate().imageTag())
				.append('|')
				.append(promotion.mergeCommit())
				.append('|')
				.append(promotion.mergeRequestedBy())
				.append('|')
				.append(promotion.healthWaivedBy())
				.append('|')
				.append(promotion.changeRequestId())
				.append('|')
				.append(gatesHold);
			promotion.checklist()
				.forEach((item) -> state.append('|').append(item.checked()).append(item.checkedBy()).append(item.note()));
			promotion.votes()
				.forEach((vote) -> state.append('|').append(vote.voter()).append(vote.decision()).append(vote.current()));
			return Integer.toHexString(state.toString().hashCode());
		}

		private static List<TimelineEntry> timeline(Promotion promotion) {
			List<TimelineEntry> entries = new ArrayList<>();
			entries.add(TimelineEntry.of(promotion.createdAt(), "promotions.timeline.requested", "progress",
					promotion.requestedBy(), promotion.candidate().imageTag(), promotion.to()));
			for (ChecklistItem item : promotion.checklist()) {
				if (item.checkedAt() != null) {
					entries.add(TimelineEntry.of(item.checkedAt(),
							item.checked() ? "promotions.timeline.checked" : "promotions.timeline.unchecked", "ok",
							item.checkedBy(), item.label(), item.note()));
				}
			}
			for (PromotionVote vote : promotion.votes()) {
				boolean approved = vote.decision() == PromotionVote.Decision.APPROVED;
				entries.add(TimelineEntry.of(vote.at(),
						approved ? "promotions.timeline.approved" : "promotions.timeline.rejected",
						approved ? "ok" : "error", vote.voter(), vote.imageTag(), vote.comment()));
			}
			for (PromotionStep step : promotion.steps()) {
				if (step.finishedAt() != null && step.status() != StepStatus.SKIPPED) {
					entries.add(TimelineEntry.of(step.finishedAt(),
							"promotions.timeline.step." + step.status().name().toLowerCase(Locale.ROOT),
							PromotionView.tone(step.status()), step.kind().id(), step.message(), null));
				}
				else if (step.startedAt() != null && step.status() == StepStatus.RUNNING) {
					entries.add(TimelineEntry.of(step.startedAt(), "promotions.timeline.step.started", "progress",
							step.kind().id(), step.message(), null));
				}
			}
			if (promotion.finishedAt() != null) {
				entries.add(TimelineEntry.of(promotion.finishedAt(), "promotions.timeline.finished",
						PromotionView.tone(promotion.phase()), promotion.phase().name(), promotion.phaseMessage(), null));
			}
			entries.sort(Comparator.comparing(TimelineEntry::instant));
			return entries;
		}

	}

}
