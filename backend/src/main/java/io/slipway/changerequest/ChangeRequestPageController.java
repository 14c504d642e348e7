package io.slipway.changerequest;

import java.io.Serializable;
import java.security.Principal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import io.slipway.changerequest.UnifiedDiff.FileDiff;
import io.slipway.forge.ForgeException;
import io.slipway.gitops.GitOpsException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code /change-requests}: the list, and each change request with its diff, approvals and the
 * actions the caller may take. Actions are plain POST forms that redirect back to the change
 * request (post/redirect/get) with a one-time message kept in the session, so everything works
 * without JavaScript. Which buttons show is decided twice over: the caller's roles
 * ({@code permissions} from the security module, in the template) and the change request's rules
 * (here).
 */
@Controller
class ChangeRequestPageController {

	static final String VIEW_LIST = "changerequest/list";

	static final String VIEW_RESULTS = "changerequest/fragments :: results";

	static final String VIEW_DETAIL = "changerequest/detail";

	/** Files with more diff lines than this start folded, so one huge file does not bury the rest. */
	static final int FOLD_LINES = 400;

	/** Session attribute holding the message of the last action until the page shows it. */
	private static final String FLASH = ChangeRequestPageController.class.getName() + ".flash";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final ChangeRequestManagement changeRequests;

	ChangeRequestPageController(ChangeRequestManagement changeRequests) {
		this.changeRequests = changeRequests;
	}

	@GetMapping("/change-requests")
	Mono<String> showChangeRequests(@RequestParam(required = false) @Nullable String state, Model model) {
		return results(state, model).thenReturn(VIEW_LIST);
	}

	/**
	 * htmx swaps only the table when a state filter is picked; a history restore asks for the
	 * whole page, so it is left to {@link #showChangeRequests}.
	 */
	@GetMapping(path = "/change-requests", headers = { "HX-Request=true", "!HX-History-Restore-Request" })
	Mono<String> showResults(@RequestParam(required = false) @Nullable String state, Model model) {
		return results(state, model).thenReturn(VIEW_RESULTS);
	}

	private Mono<Void> results(@Nullable String state, Model model) {
		ChangeRequestState filter = pageState(state);
		// counted after listing, which may have learnt new states from a forge
		return this.changeRequests.list(filter)
			.zipWhen((listed) -> this.changeRequests.countByState())
			.doOnNext((loaded) -> {
				model.addAttribute("filter", (filter != null) ? filter.name() : "ALL");
				model.addAttribute("rows", loaded.getT1().stream().map(ListRow::of).toList());
				Map<String, Long> counts = new HashMap<>();
				loaded.getT2().forEach((countedState, count) -> counts.put(countedState.name(), count));
				model.addAttribute("counts", counts);
				model.addAttribute("total", loaded.getT2().values().stream().mapToLong(Long::longValue).sum());
			})
			.then();
	}

	private static @Nullable ChangeRequestState pageState(@Nullable String state) {
		try {
			return ChangeRequestController.parseState(state);
		}
		catch (ChangeRequestController.InvalidStateFilterException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, ex.getMessage());
		}
	}

	@GetMapping("/change-requests/{id}")
	Mono<String> showChangeRequest(@PathVariable long id, Principal caller, ServerWebExchange exchange, Model model) {
		return this.changeRequests.find(id)
			.map((found) -> found.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
					"there is no change request #" + id)))
			.zipWith(takeFlash(exchange))
			.map((loaded) -> {
				model.addAttribute("view", DetailView.of(loaded.getT1(), caller.getName()));
				loaded.getT2().ifPresent((flash) -> model.addAttribute("flash", flash));
				return VIEW_DETAIL;
			});
	}

	@PostMapping("/change-requests/{id}/approve")
	Mono<String> processApprove(@PathVariable long id, Principal caller, ServerWebExchange exchange) {
		return act(id, caller, exchange, this.changeRequests::approve, "changeRequests.flash.approved",
				"changeRequests.flash.approveRefused");
	}

	@PostMapping("/change-requests/{id}/merge")
	Mono<String> processMerge(@PathVariable long id, Principal caller, ServerWebExchange exchange) {
		return act(id, caller, exchange, this.changeRequests::merge, "changeRequests.flash.merged",
				"changeRequests.flash.mergeRefused");
	}

	@PostMapping("/change-requests/{id}/close")
	Mono<String> processClose(@PathVariable long id, Principal caller, ServerWebExchange exchange) {
		return act(id, caller, exchange, this.changeRequests::close, "changeRequests.flash.closed",
				"changeRequests.flash.closeRefused");
	}

	private Mono<String> act(long id, Principal caller, ServerWebExchange exchange,
			BiFunction<Long, String, Mono<ChangeRequest>> action, String doneKey, String refusedKey) {
		return action.apply(id, caller.getName())
			.map((changeRequest) -> new Flash(true, doneKey, null, changeRequest.targetBranch()))
			.onErrorMap(ChangeRequestNotFoundException.class,
					(ex) -> new ResponseStatusException(HttpStatus.NOT_FOUND, ex.getMessage()))
			// refusals and Git failures carry messages meant for people; show them on the page
			.onErrorResume(ChangeRequestException.class,
					(ex) -> Mono.just(new Flash(false, refusedKey, ex.getMessage(), null)))
			.onErrorResume(GitOpsException.class, (ex) -> Mono.just(new Flash(false, refusedKey, ex.getMessage(), null)))
			.onErrorResume(ForgeException.class, (ex) -> Mono.just(new Flash(false, refusedKey, ex.getMessage(), null)))
			.flatMap((flash) -> exchange.getSession().doOnNext((session) -> session.getAttributes().put(FLASH, flash)))
			.thenReturn("redirect:/change-requests/" + id);
	}

	private static Mono<Optional<Flash>> takeFlash(ServerWebExchange exchange) {
		return exchange.getSession().map((session) -> {
			Map<String, Object> attributes = session.getAttributes();
			return Optional.ofNullable((Flash) attributes.remove(FLASH));
		});
	}

	/**
	 * The outcome of the last action, shown once.
	 *
	 * @param success whether it was done
	 * @param key the message (the change request's number and {@code target} are its arguments)
	 * @param detail why it was refused, in the words of the refusal
	 * @param target the branch merged into, for the merge message
	 */
	record Flash(boolean success, String key, @Nullable String detail, @Nullable String target) implements Serializable {
	}

	/**
	 * A moment as pages show it: machine-readable for {@code <time datetime>} and in UTC, the zone
	 * Git and Argo CD show too.
	 */
	record Moment(String iso, String text) {

		static @Nullable Moment of(@Nullable Instant instant) {
			return (instant != null) ? new Moment(instant.toString(), TIME.format(instant)) : null;
		}

	}

	/** A row of the list. */
	record ListRow(ChangeRequest changeRequest, Moment updated) {

		static ListRow of(ChangeRequest changeRequest) {
			return new ListRow(changeRequest, Moment.of(changeRequest.updatedAt()));
		}

	}

	/** An approval as the page lists it. */
	record ApprovalRow(Approval approval, Moment at, String commit) {

		static ApprovalRow of(Approval approval) {
			return new ApprovalRow(approval, Moment.of(approval.approvedAt()), abbreviate(approval.headCommit()));
		}

	}

	/**
	 * Everything the detail page shows. {@code canApprove}, {@code canMerge} and {@code canClose}
	 * say what the change request's rules allow this caller; the template also asks the
	 * permissions.
	 */
	record DetailView(ChangeRequest changeRequest, String headCommit, Moment created, Moment updated,
			@Nullable Moment merged, @Nullable Moment closed, List<ApprovalRow> approvals, List<FileDiff> files,
			int additions, int deletions, @Nullable String diffError, boolean author, boolean canApprove,
			boolean canMerge, boolean canClose, int missingApprovals) {

		static DetailView of(ChangeRequestDetail detail, String caller) {
			ChangeRequest changeRequest = detail.changeRequest();
			List<FileDiff> files = UnifiedDiff.parse(detail.diff());
			boolean open = changeRequest.state() == ChangeRequestState.OPEN;
			boolean author = changeRequest.author().equals(caller);
			return new DetailView(changeRequest, abbreviate(changeRequest.headCommit()),
					Moment.of(changeRequest.createdAt()), Moment.of(changeRequest.updatedAt()),
					Moment.of(changeRequest.mergedAt()), Moment.of(changeRequest.closedAt()),
					changeRequest.approvals().stream().map(ApprovalRow::of).toList(), files,
					files.stream().mapToInt(FileDiff::additions).sum(), files.stream().mapToInt(FileDiff::deletions).sum(),
					detail.diffError(), author,
					open && !changeRequest.onForge() && changeRequest.reviewRequired() && !author
							&& !changeRequest.approvedBy(caller),
					open && changeRequest.approvalsSatisfied(), open,
					Math.max(0, changeRequest.approvalsRequired() - changeRequest.currentApprovals()));
		}

		/** Whether a file's lines start folded away. */
		public boolean folded(FileDiff file) {
			return file.lines().size() > FOLD_LINES;
		}

	}

	private static String abbreviate(String commit) {
		return commit.substring(0, Math.min(7, commit.length()));
	}

}
