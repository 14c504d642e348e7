package io.slipway.promotion;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.slipway.security.Role;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/promotions}: request, list, read, and act on promotions (checklist, approvals,
 * abort, and the documented extensions reject, merge and waivers). Refusals are
 * {@code application/problem+json}: 400 invalid input, 403 self-approval or a missing group, 404
 * unknown, 409 refused as things stand (with {@code reason}).
 */
@RestController
@RequestMapping(path = "/api/v1/promotions", produces = MediaType.APPLICATION_JSON_VALUE)
class PromotionApiController {

	private final PromotionManagement promotions;

	PromotionApiController(PromotionManagement promotions) {
		this.promotions = promotions;
	}

	record PromotionRequest(@Nullable String service, @Nullable String from, @Nullable String to) {
	}

	record ChecklistRequest(@Nullable Boolean checked, @Nullable String note) {
	}

	record CommentRequest(@Nullable String comment) {
	}

	record ReasonRequest(@Nullable String reason) {
	}

	record WaiverRequest(@Nullable String gate, @Nullable String reason) {
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<PromotionJson>> requestPromotion(@RequestBody PromotionRequest body, Principal caller) {
		if (body.service() == null || body.service().isBlank() || body.from() == null || body.to() == null) {
			return Mono.error(new IllegalArgumentException("service, from and to are required"));
		}
		return this.promotions.request(body.service().trim(), body.from().trim(), body.to().trim(), caller.getName())
			.map((detail) -> ResponseEntity.created(URI.create("/api/v1/promotions/" + detail.promotion().id()))
				.body(PromotionJson.of(detail)));
	}

	@GetMapping
	Mono<List<PromotionSummaryJson>> listPromotions(@RequestParam(required = false) @Nullable String service,
			@RequestParam(required = false) @Nullable String environment,
			@RequestParam(required = false) @Nullable String phase,
			@RequestParam(required = false) @Nullable String requester) {
		return this.promotions.list(service, environment, parsePhase(phase), requester)
			.map((list) -> list.stream().map(PromotionSummaryJson::of).toList());
	}

	@GetMapping("/{id}")
	Mono<PromotionJson> showPromotion(@PathVariable long id) {
		return this.promotions.find(id)
			.map((found) -> found.map(PromotionJson::of)
				.orElseThrow(() -> new PromotionNotFoundException("there is no promotion #" + id)));
	}

	@PostMapping("/{id}/checklist/{item}")
	Mono<PromotionJson> recordChecklistItem(@PathVariable long id, @PathVariable int item,
			@RequestBody(required = false) @Nullable ChecklistRequest body, Principal caller) {
		boolean checked = body == null || body.checked() == null || body.checked();
		return this.promotions
			.recordChecklistItem(id, item, checked, (body != null) ? body.note() : null, caller.getName())
			.map(PromotionJson::of);
	}

	@PostMapping("/{id}/approvals")
	Mono<PromotionJson> approve(@PathVariable long id, @RequestBody(required = false) @Nullable CommentRequest body,
			Principal caller) {
		return this.promotions.approve(id, caller.getName(), (body != null) ? body.comment() : null)
			.map(PromotionJson::of);
	}

	@PostMapping("/{id}/reject")
	Mono<PromotionJson> reject(@PathVariable long id, @RequestBody(required = false) @Nullable ReasonRequest body,
			Principal caller) {
		return this.promotions.reject(id, caller.getName(), (body != null) ? body.reason() : null)
			.map(PromotionJson::of);
	}

	@PostMapping("/{id}/merge")
	Mono<PromotionJson> merge(@PathVariable long id, Principal caller) {
		return this.promotions.merge(id, caller.getName()).map(PromotionJson::of);
	}

	@PostMapping("/{id}/abort")
	Mono<PromotionJson> abort(@PathVariable long id, Authentication caller) {
		return this.promotions.abort(id, caller.getName(), isAdmin(caller)).map(PromotionJson::of);
	}

	@PostMapping("/{id}/waivers")
	Mono<PromotionJson> waive(@PathVariable long id, @RequestBody(required = false) @Nullable WaiverRequest body,
			Authentication caller) {
		if (body == null || !Gate.TARGET_HEALTHY.equals(body.gate())) {
			return Mono.error(new IllegalArgumentException("only the gate " + Gate.TARGET_HEALTHY + " can be waived"));
		}
		return this.promotions.waiveTargetHealth(id, caller.getName(), isAdmin(caller), body.reason())
			.map(PromotionJson::of);
	}

	static boolean isAdmin(Authentication caller) {
		return Role.fromAuthorities(caller.getAuthorities()).contains(Role.ADMIN);
	}

	static @Nullable PromotionPhase parsePhase(@Nullable String phase) {
		if (phase == null || phase.isBlank() || phase.equalsIgnoreCase("all")) {
			return null;
		}
		for (PromotionPhase candidate : PromotionPhase.values()) {
			if (candidate.name().equalsIgnoreCase(phase.trim())) {
				return candidate;
			}
		}
		throw new IllegalArgumentException("unknown phase '" + phase + "': use Pending, Running, Succeeded, Failed,"
				+ " Errored, Aborted or all");
	}

	@ExceptionHandler(PromotionNotFoundException.class)
	ProblemDetail notFound(PromotionNotFoundException ex, ServerHttpRequest request) {
		return problem(HttpStatus.NOT_FOUND, ex.getMessage(), request);
	}

	@ExceptionHandler(PromotionForbiddenException.class)
	ProblemDetail forbidden(PromotionForbiddenException ex, ServerHttpRequest request) {
		return problem(HttpStatus.FORBIDDEN, ex.getMessage(), request);
	}

	@ExceptionHandler(PromotionRefusedException.class)
	ProblemDetail refused(PromotionRefusedException ex, ServerHttpRequest request) {
		ProblemDetail problem = problem(HttpStatus.CONFLICT, ex.getMessage(), request);
		problem.setProperty("reason", ex.reason().name());
		return problem;
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail badRequest(IllegalArgumentException ex, ServerHttpRequest request) {
		return problem(HttpStatus.BAD_REQUEST, ex.getMessage(), request);
	}

	private static ProblemDetail problem(HttpStatus status, @Nullable String detail, ServerHttpRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setInstance(URI.create(request.getPath().value()));
		return problem;
	}

	/** A promotion in a list. */
	record PromotionSummaryJson(long id, String service, String from, String to, String phase,
			@Nullable String phaseMessage, Candidate candidate, String requestedBy, Instant createdAt,
			@Nullable Instant finishedAt, String url) {

		static PromotionSummaryJson of(Promotion promotion) {
			return new PromotionSummaryJson(promotion.id(), promotion.service(), promotion.from(), promotion.to(),
					promotion.phase().name(), promotion.phaseMessage(), promotion.candidate(), promotion.requestedBy(),
					promotion.createdAt(), promotion.finishedAt(), promotion.path());
		}

	}

	record ChangeRequestRef(long id, String url) {
	}

	record StepJson(String kind, String status, @Nullable String message, @Nullable Instant startedAt,
			@Nullable Instant finishedAt, @Nullable Long durationMillis) {
	}

	record ApprovalsJson(int required, @Nullable String group, List<String> approvers, List<PromotionVote> votes) {
	}

	/**
	 * @param marker CHANGED, UNCHANGED, ONLY_IN_SOURCE or ONLY_IN_TARGET: source against target
	 * @param promoted whether the promotion changes it (only the image tag does)
	 */
	record ComparisonJson(String key, String source, String target, String marker, boolean promoted) {
	}

	/** A promotion with everything the contract lists, evaluated now. */
	record PromotionJson(long id, String service, String from, String to, String phase, @Nullable String phaseMessage,
			Candidate candidate, @Nullable String previousTag, String requestedBy, Instant createdAt,
			Instant updatedAt, @Nullable Instant finishedAt, @Nullable String branch, @Nullable String commit,
			@Nullable ChangeRequestRef changeRequest, @Nullable String mergeCommit, boolean autoMerge,
			List<Gate> gates, Instant gatesEvaluatedAt, List<ChecklistItem> checklist, ApprovalsJson approvals,
			List<StepJson> steps, String diff, List<ComparisonJson> comparison, String url) {

		static PromotionJson of(PromotionDetail detail) {
			Promotion promotion = detail.promotion();
			Instant now = detail.evaluatedAt();
			return new PromotionJson(promotion.id(), promotion.service(), promotion.from(), promotion.to(),
					promotion.phase().name(), promotion.phaseMessage(), promotion.candidate(), promotion.previousTag(),
					promotion.requestedBy(), promotion.createdAt(), promotion.updatedAt(), promotion.finishedAt(),
					promotion.branch(), promotion.commitId(),
					(promotion.changeRequestId() != null) ? new ChangeRequestRef(promotion.changeRequestId(),
							"/change-requests/" + promotion.changeRequestId()) : null,
					promotion.mergeCommit(), promotion.autoMerge(), detail.gates(), now, promotion.checklist(),
					new ApprovalsJson(promotion.approvalsRequired(), promotion.approverGroup(),
							promotion.currentApprovers(), promotion.votes()),
					promotion.steps()
						.stream()
						.map((step) -> new StepJson(step.kind().id(), step.status().name().toLowerCase(Locale.ROOT),
								step.message(), step.startedAt(), step.finishedAt(),
								(step.duration(now) != null) ? step.duration(now).toMillis() : null))
						.toList(),
					detail.diff(),
					detail.comparison()
						.stream()
						.map((row) -> new ComparisonJson(row.key(), row.source(), row.target(), row.marker(),
								row.promoted()))
						.toList(),
					promotion.path());
		}

	}

}
