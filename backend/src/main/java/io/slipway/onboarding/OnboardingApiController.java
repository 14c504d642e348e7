package io.slipway.onboarding;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import io.slipway.changerequest.ChangeRequestConflictException;
import io.slipway.forge.ForgeException;
import io.slipway.forge.ForgeUnavailableException;
import io.slipway.gitops.AuthenticationFailedException;
import io.slipway.gitops.PushRejectedException;
import io.slipway.gitops.RemoteUnavailableException;
import io.slipway.templates.Check;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.slipway.templates.RenderedFile;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/services}: preview and onboard a service from its spec. (Reading services is the
 * catalog's: {@code GET /api/v1/services}.)
 * <p>
 * The spec is read from the raw body (the OpenAPI document still shows its schema), at most {@value ServiceSpecReader#MAX_BYTES} bytes (413
 * beyond), by {@link ServiceSpecReader}, so unknown fields and wrong types are refused with the
 * field named. Refusals are {@code application/problem+json}: 400 with
 * {@code errors: [{field, message}]} for an invalid spec (and, for failing platform checks, the
 * {@code checks}), 409 when the service exists, 413 for an oversized body.
 */
@RestController
@RequestMapping(path = "/api/v1/services", produces = MediaType.APPLICATION_JSON_VALUE)
class OnboardingApiController {

	private final OnboardingManagement onboarding;

	private final ServiceSpecReader reader;

	OnboardingApiController(OnboardingManagement onboarding, ServiceSpecReader reader) {
		this.onboarding = onboarding;
		this.reader = reader;
	}

	@PostMapping("/preview")
	@RequestBody(required = true, description = "the service spec (at most 256 KiB; unknown fields are refused)",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = ServiceSpec.class)))
	Mono<PreviewJson> previewService(ServerHttpRequest request, Principal caller) {
		return readSpec(request).flatMap((spec) -> this.onboarding.preview(spec, caller.getName()))
			.map((preview) -> {
				if (!preview.errors().isEmpty()) {
					throw new OnboardingRejectedException(preview.errors());
				}
				return PreviewJson.of(preview);
			});
	}

	@PostMapping
	@RequestBody(required = true, description = "the service spec (at most 256 KiB; unknown fields are refused)",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = ServiceSpec.class)))
	Mono<ResponseEntity<OnboardingResult>> onboardService(ServerHttpRequest request, Principal caller) {
		return readSpec(request).flatMap((spec) -> this.onboarding.onboard(spec, caller.getName()))
			.map((result) -> ResponseEntity.created(URI.create("/api/v1/services/" + result.name())).body(result));
	}

	/**
	 * The body as bytes, refusing it as soon as it grows past the limit rather than buffering it
	 * whole: a declared length says so before reading anything.
	 */
	private Mono<ServiceSpec> readSpec(ServerHttpRequest request) {
		long declared = request.getHeaders().getContentLength();
		if (declared > ServiceSpecReader.MAX_BYTES) {
			return Mono.error(new SpecTooLargeException(declared));
		}
		return DataBufferUtils.join(request.getBody(), ServiceSpecReader.MAX_BYTES)
			.map(OnboardingApiController::bytes)
			.defaultIfEmpty(new byte[0])
			.onErrorMap(DataBufferLimitException.class, (ex) -> new SpecTooLargeException(ServiceSpecReader.MAX_BYTES + 1L))
			.map(this.reader::read);
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	// --- refusals

	@ExceptionHandler(SpecTooLargeException.class)
	ProblemDetail tooLarge(SpecTooLargeException ex, ServerHttpRequest request) {
		return problem(HttpStatus.CONTENT_TOO_LARGE, "the service spec must be at most "
				+ ServiceSpecReader.MAX_BYTES + " bytes", request);
	}

	@ExceptionHandler(SpecBindingException.class)
	ProblemDetail unreadable(SpecBindingException ex, ServerHttpRequest request) {
		return invalid(HttpStatus.BAD_REQUEST, ex.errors(), request);
	}

	@ExceptionHandler(ServiceExistsException.class)
	ProblemDetail exists(ServiceExistsException ex, ServerHttpRequest request) {
		return invalid(HttpStatus.CONFLICT, ex.errors(), request);
	}

	@ExceptionHandler(OnboardingRejectedException.class)
	ProblemDetail rejected(OnboardingRejectedException ex, ServerHttpRequest request) {
		return invalid(HttpStatus.BAD_REQUEST, ex.errors(), request);
	}

	@ExceptionHandler(ChecksFailedException.class)
	ProblemDetail checksFailed(ChecksFailedException ex, ServerHttpRequest request) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST,
				"the rendered files break platform rules; nothing was written", request);
		problem.setProperty("errors", ex.failed()
			.stream()
			.map((check) -> new FieldError("checks." + check.rule(), check.message()))
			.toList());
		problem.setProperty("checks", ex.failed().stream().map(CheckJson::of).toList());
		return problem;
	}

	@ExceptionHandler(ChangeRequestConflictException.class)
	ProblemDetail changeRequestConflict(ChangeRequestConflictException ex, ServerHttpRequest request) {
		return problem(HttpStatus.CONFLICT, ex.getMessage(), request);
	}

	// GitOps and forge messages name the remote without credentials: safe to pass on
	@ExceptionHandler({ RemoteUnavailableException.class, AuthenticationFailedException.class,
			PushRejectedException.class, ForgeUnavailableException.class })
	ProblemDetail unavailable(RuntimeException ex, ServerHttpRequest request) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage(), request);
	}

	@ExceptionHandler(ForgeException.class)
	ProblemDetail forgeRefused(ForgeException ex, ServerHttpRequest request) {
		return problem(HttpStatus.BAD_GATEWAY, ex.getMessage(), request);
	}

	private static ProblemDetail invalid(HttpStatus status, List<FieldError> errors, ServerHttpRequest request) {
		ProblemDetail problem = problem(status,
				(status == HttpStatus.CONFLICT) ? "the service exists already; nothing was written"
						: "the service spec is invalid; nothing was written",
				request);
		problem.setProperty("errors", errors);
		return problem;
	}

	private static ProblemDetail problem(HttpStatus status, @Nullable String detail, ServerHttpRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setInstance(URI.create(request.getPath().value()));
		return problem;
	}

	// --- JSON

	/** The preview as the contract shows it; refusals never get here. */
	record PreviewJson(List<FileJson> files, String diff, List<CheckJson> checks) {

		static PreviewJson of(Preview preview) {
			return new PreviewJson(preview.files().stream().map(FileJson::of).toList(), preview.diff(),
					preview.checks().stream().map(CheckJson::of).toList());
		}

	}

	record FileJson(String path, String content) {

		static FileJson of(RenderedFile file) {
			return new FileJson(file.path(), file.content());
		}

	}

	record CheckJson(String rule, String status, String message) {

		static CheckJson of(Check check) {
			return new CheckJson(check.rule(), check.status().name(), check.message());
		}

	}

}
