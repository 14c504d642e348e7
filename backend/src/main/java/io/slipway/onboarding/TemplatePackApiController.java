package io.slipway.onboarding;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.slipway.changerequest.ChangeRequestConflictException;
import io.slipway.forge.ForgeException;
import io.slipway.forge.ForgeUnavailableException;
import io.slipway.gitops.AuthenticationFailedException;
import io.slipway.gitops.PushRejectedException;
import io.slipway.gitops.RemoteUnavailableException;
import io.slipway.onboarding.UpgradeResult.UpgradedService;
import io.slipway.templates.Check;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/template-packs} (beyond the API contract): the template packs with the services
 * each rendered and those behind its current version, and the upgrade that re-renders them in one
 * change request.
 * <p>
 * The upgrade's body is optional: {@code {}} or none upgrades every upgradable service,
 * {@code {"services": [names]}} those. Refusals are {@code application/problem+json}: 400 with
 * {@code errors: [{field, message}]} (and {@code checks} when a re-render breaks a platform rule),
 * 404 for an unknown pack, 409 when an upgrade to the same version is already proposed.
 */
@RestController
@RequestMapping(path = "/api/v1/template-packs", produces = MediaType.APPLICATION_JSON_VALUE)
class TemplatePackApiController {

	/** An upgrade request names services; it has no business being large. */
	static final int MAX_BYTES = 64 * 1024;

	private static final JsonMapper json = JsonMapper.builder().build();

	private final TemplatePackManagement templatePacks;

	TemplatePackApiController(TemplatePackManagement templatePacks) {
		this.templatePacks = templatePacks;
	}

	@GetMapping
	Mono<List<TemplatePackStatus>> listTemplatePacks() {
		return this.templatePacks.list();
	}

	@GetMapping("/{pack}")
	Mono<TemplatePackStatus> showTemplatePack(@PathVariable String pack) {
		return this.templatePacks.find(pack);
	}

	@PostMapping("/{pack}/upgrade")
	@RequestBody(required = false,
			description = "which services to upgrade; without a body (or without services) every service behind"
					+ " the pack's current version that can be upgraded",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = UpgradeRequest.class)))
	Mono<ResponseEntity<UpgradeJson>> upgradeServices(@PathVariable String pack, ServerHttpRequest request,
			Principal caller) {
		return readRequest(request)
			.flatMap((services) -> this.templatePacks.upgrade(pack, services.orElse(null), caller.getName()))
			.map((result) -> ResponseEntity.created(URI.create("/api/v1/template-packs/" + result.pack()))
				.body(UpgradeJson.of(result)));
	}

	/** The upgrade's body as the OpenAPI document shows it. */
	record UpgradeRequest(@Schema(description = "service names; omit for every upgradable service",
			nullable = true) @Nullable List<String> services) {
	}

	private Mono<Optional<List<String>>> readRequest(ServerHttpRequest request) {
		if (request.getHeaders().getContentLength() > MAX_BYTES) {
			return Mono.error(refused(FieldError.BODY, "must be at most " + MAX_BYTES + " bytes"));
		}
		return DataBufferUtils.join(request.getBody(), MAX_BYTES)
			.map(TemplatePackApiController::text)
			.defaultIfEmpty("")
			.onErrorMap(DataBufferLimitException.class,
					(ex) -> refused(FieldError.BODY, "must be at most " + MAX_BYTES + " bytes"))
			.map(TemplatePackApiController::services);
	}

	/**
	 * The services a body names, empty for every upgradable one; refuses anything but an object
	 * whose only field is a list of names.
	 */
	static Optional<List<String>> services(String body) {
		if (body.isBlank()) {
			return Optional.empty();
		}
		JsonNode root;
		try {
			root = json.readTree(body);
		}
		catch (JacksonException ex) {
			throw refused(FieldError.BODY, "is not valid JSON");
		}
		if (root == null || !root.isObject()) {
			throw refused(FieldError.BODY, "must be a JSON object such as {\"services\": [\"payments\"]}");
		}
		List<FieldError> errors = new ArrayList<>();
		root.propertyNames().forEach((name) -> {
			if (!name.equals("services")) {
				errors.add(new FieldError(name.matches("[A-Za-z0-9_.-]{1,64}") ? name : FieldError.BODY,
						"is not a field of an upgrade request (only services)"));
			}
		});
		JsonNode services = root.get("services");
		List<String> names = null;
		if (services != null && !services.isNull()) {
			if (!services.isArray()) {
				errors.add(new FieldError("services", "must be a list of service names"));
			}
			else {
				names = new ArrayList<>();
				for (int i = 0; i < services.size(); i++) {
					JsonNode name = services.get(i);
					if (!name.isString() || name.asString().isBlank()) {
						errors.add(new FieldError("services[" + i + "]", "must be a service name"));
					}
					else {
						names.add(name.asString());
					}
				}
			}
		}
		if (!errors.isEmpty()) {
			throw new UpgradeRefusedException(errors, List.of());
		}
		return Optional.ofNullable(names);
	}

	private static UpgradeRefusedException refused(String field, String message) {
		return new UpgradeRefusedException(List.of(new FieldError(field, message)), List.of());
	}

	private static String text(DataBuffer buffer) {
		try {
			return buffer.toString(StandardCharsets.UTF_8);
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	// --- refusals

	@ExceptionHandler(UnknownTemplatePackException.class)
	ProblemDetail unknown(UnknownTemplatePackException ex, ServerHttpRequest request) {
		return problem(HttpStatus.NOT_FOUND, ex.getMessage(), request);
	}

	@ExceptionHandler(UpgradeRefusedException.class)
	ProblemDetail refusedUpgrade(UpgradeRefusedException ex, ServerHttpRequest request) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "the upgrade is refused; nothing was written",
				request);
		problem.setProperty("errors", ex.errors());
		if (!ex.failedChecks().isEmpty()) {
			problem.setProperty("checks", ex.failedChecks()
				.stream()
				.map((failed) -> Map.of("service", failed.service(), "rule", failed.check().rule(), "status",
						failed.check().status().name(), "message", failed.check().message()))
				.toList());
		}
		return problem;
	}

	@ExceptionHandler({ UpgradeConflictException.class, ChangeRequestConflictException.class })
	ProblemDetail conflict(RuntimeException ex, ServerHttpRequest request) {
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

	private static ProblemDetail problem(HttpStatus status, @Nullable String detail, ServerHttpRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setInstance(URI.create(request.getPath().value()));
		return problem;
	}

	// --- JSON

	/** What an upgrade wrote. */
	record UpgradeJson(String pack, String version, String branch, String commit,
			@Nullable ChangeRequestRef changeRequest, List<ServiceJson> services) {

		static UpgradeJson of(UpgradeResult result) {
			return new UpgradeJson(result.pack(), result.version(), result.branch(), result.commit(),
					result.changeRequest(), result.services().stream().map(ServiceJson::of).toList());
		}

	}

	record ServiceJson(String name, String from, List<String> added, List<String> modified, List<String> deleted,
			Map<String, String> keptImageTags, List<CheckJson> checks) {

		static ServiceJson of(UpgradedService service) {
			return new ServiceJson(service.name(), service.fromVersion(), service.added(), service.modified(),
					service.deleted(), service.keptImageTags(), service.checks().stream().map(CheckJson::of).toList());
		}

	}

	record CheckJson(String rule, String status, String message) {

		static CheckJson of(Check check) {
			return new CheckJson(check.rule(), check.status().name(), check.message());
		}

	}

}
