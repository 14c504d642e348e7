package io.slipway.changerequest;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.slipway.forge.ForgeException;
import io.slipway.forge.ForgeUnavailableException;
import io.slipway.gitops.AuthenticationFailedException;
import io.slipway.gitops.RemoteUnavailableException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/change-requests}: list and read change requests, approve, merge and close them.
 * Refusals are {@code application/problem+json}: 403 for an author approving their own, 404 for
 * an unknown number, 409 when the state or the rules do not allow it (with {@code reason} and,
 * for a merge conflict, the conflicting {@code paths}; approving one that lives on a forge, or the
 * forge refusing to merge or close it). A forge that cannot be reached answers 503, any other
 * forge failure 502, each with the forge's own message.
 */
@RestController
@RequestMapping(path = "/api/v1/change-requests", produces = MediaType.APPLICATION_JSON_VALUE)
class ChangeRequestController {

	private final ChangeRequestManagement changeRequests;

	ChangeRequestController(ChangeRequestManagement changeRequests) {
		this.changeRequests = changeRequests;
	}

	@GetMapping
	Mono<List<ChangeRequestJson>> listChangeRequests(@RequestParam(required = false) @Nullable String state) {
		return this.changeRequests.list(parseState(state))
			.map((list) -> list.stream().map(ChangeRequestJson::of).toList());
	}

	@GetMapping("/{id}")
	Mono<ChangeRequestDetailJson> showChangeRequest(@PathVariable long id) {
		return this.changeRequests.find(id)
			.map((found) -> found.map(ChangeRequestDetailJson::of)
				.orElseThrow(() -> new ChangeRequestNotFoundException(id)));
	}

	@PostMapping("/{id}/approve")
	Mono<ChangeRequestJson> approve(@PathVariable long id, Principal caller) {
		return this.changeRequests.approve(id, caller.getName()).map(ChangeRequestJson::of);
	}

	@PostMapping("/{id}/merge")
	Mono<ChangeRequestJson> merge(@PathVariable long id, Principal caller) {
		return this.changeRequests.merge(id, caller.getName()).map(ChangeRequestJson::of);
	}

	@PostMapping("/{id}/close")
	Mono<ChangeRequestJson> close(@PathVariable long id, Principal caller) {
		return this.changeRequests.close(id, caller.getName()).map(ChangeRequestJson::of);
	}

	/**
	 * Reads a {@code state} filter given in any case; unknown values are refused rather than
	 * silently listing everything.
	 */
	static @Nullable ChangeRequestState parseState(@Nullable String state) {
		if (state == null || state.isBlank() || state.equalsIgnoreCase("all")) {
			return null;
		}
		try {
			return ChangeRequestState.valueOf(state.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidStateFilterException(state);
		}
	}

	@ExceptionHandler(ChangeRequestNotFoundException.class)
	ProblemDetail notFound(ChangeRequestNotFoundException ex, ServerHttpRequest request) {
		return problem(HttpStatus.NOT_FOUND, ex.getMessage(), request);
	}

	@ExceptionHandler(ChangeRequestForbiddenException.class)
	ProblemDetail forbidden(ChangeRequestForbiddenException ex, ServerHttpRequest request) {
		return problem(HttpStatus.FORBIDDEN, ex.getMessage(), request);
	}

	@ExceptionHandler(ChangeRequestConflictException.class)
	ProblemDetail conflict(ChangeRequestConflictException ex, ServerHttpRequest request) {
		ProblemDetail problem = problem(HttpStatus.CONFLICT, ex.getMessage(), request);
		problem.setProperty("reason", ex.reason().name());
		if (!ex.paths().isEmpty()) {
			problem.setProperty("paths", ex.paths());
		}
		return problem;
	}

	@ExceptionHandler({ InvalidStateFilterException.class, IllegalArgumentException.class })
	ProblemDetail badRequest(RuntimeException ex, ServerHttpRequest request) {
		return problem(HttpStatus.BAD_REQUEST, ex.getMessage(), request);
	}

	// forge messages name the forge and quote it, never the token: safe to pass on
	@ExceptionHandler(ForgeUnavailableException.class)
	ProblemDetail forgeUnavailable(ForgeUnavailableException ex, ServerHttpRequest request) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage(), request);
	}

	@ExceptionHandler(ForgeException.class)
	ProblemDetail forgeFailed(ForgeException ex, ServerHttpRequest request) {
		return problem(HttpStatus.BAD_GATEWAY, ex.getMessage(), request);
	}

	// GitOps messages name the repository without credentials: safe to pass on
	@ExceptionHandler({ RemoteUnavailableException.class, AuthenticationFailedException.class })
	ProblemDetail gitUnavailable(RuntimeException ex, ServerHttpRequest request) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage(), request);
	}

	private static ProblemDetail problem(HttpStatus status, @Nullable String detail, ServerHttpRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setInstance(URI.create(request.getPath().value()));
		return problem;
	}

	/** A {@code state} filter that names no state. */
	static final class InvalidStateFilterException extends RuntimeException {

		InvalidStateFilterException(String state) {
			super("unknown state '" + state + "': use open, merged, closed or all");
		}

	}

	/**
	 * A change request as the API shows it: the record's fields plus its page and how its review
	 * stands; {@code forge} (its name, number and {@code url}) when it is a forge's pull request,
	 * which {@code reviewUrl} then points at.
	 */
	record ChangeRequestJson(long id, String title, String body, String sourceBranch, String targetBranch,
			String author, ChangeRequestState state, Instant createdAt, Instant updatedAt, String headCommit,
			List<Approval> approvals, int approvalsRequired, int currentApprovals, boolean approvalsSatisfied,
			@Nullable String mergedBy, @Nullable Instant mergedAt, @Nullable String mergeCommit,
			@Nullable String closedBy, @Nullable Instant closedAt, String url, String reviewUrl,
			@Nullable ForgeLink forge) {

		static ChangeRequestJson of(ChangeRequest changeRequest) {
			return new ChangeRequestJson(changeRequest.id(), changeRequest.title(), changeRequest.body(),
					changeRequest.sourceBranch(), changeRequest.targetBranch(), changeRequest.author(),
					changeRequest.state(), changeRequest.createdAt(), changeRequest.updatedAt(),
					changeRequest.headCommit(), changeRequest.approvals(), changeRequest.approvalsRequired(),
					changeRequest.currentApprovals(), changeRequest.approvalsSatisfied(), changeRequest.mergedBy(),
					changeRequest.mergedAt(), changeRequest.mergeCommit(), changeRequest.closedBy(),
					changeRequest.closedAt(), changeRequest.path(), changeRequest.reviewUrl(), changeRequest.forge());
		}

	}

	/** A change request with its diff. */
	record ChangeRequestDetailJson(@JsonUnwrapped ChangeRequestJson changeRequest, String diff,
			List<String> changedPaths, @Nullable String diffError) {

		static ChangeRequestDetailJson of(ChangeRequestDetail detail) {
			return new ChangeRequestDetailJson(ChangeRequestJson.of(detail.changeRequest()), detail.diff(),
					detail.changedPaths(), detail.diffError());
		}

	}

}
