package io.slipway.catalog;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;

import io.slipway.argocd.Application;
import io.slipway.argocd.ArgoCdException;
import io.slipway.argocd.OperationState;
import io.slipway.gitops.CommitSummary;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

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
 * {@code GET /api/v1/services[/{name}]}: every service with, per environment, the release Git
 * declares and what Argo CD reports ({@code argocd}, {@code null} while no Argo CD server is
 * configured) and whether the two disagree ({@code drift}). Answered from memory like the page.
 * <p>
 * Beyond the contract: {@code POST /api/v1/services/{name}/environments/{env}/refresh} and
 * {@code .../sync}, the page's Refresh and Sync buttons for scripts. Argo CD's refusals are
 * {@code application/problem+json} with Argo CD's own message as {@code detail}.
 */
@RestController
@RequestMapping(path = "/api/v1/services", produces = MediaType.APPLICATION_JSON_VALUE)
class ServiceApiController {

	private final ServiceStatuses statuses;

	private final ApplicationActions actions;

	ServiceApiController(ServiceStatuses statuses, ApplicationActions actions) {
		this.statuses = statuses;
		this.actions = actions;
	}

	@GetMapping
	Mono<List<ServiceJson>> listServices() {
		return this.statuses.matrix()
			.map((matrix) -> matrix.services().stream().map((view) -> ServiceJson.of(view, matrix.cache())).toList());
	}

	@GetMapping("/{name}")
	Mono<ServiceJson> showService(@PathVariable String name) {
		return this.statuses.service(name)
			.map((found) -> found.map((view) -> ServiceJson.of(view, this.statuses.cache()))
				.orElseThrow(() -> UnknownTargetException.service(name)));
	}

	@PostMapping("/{name}/environments/{environment}/refresh")
	Mono<ActionJson> refreshApplication(@PathVariable String name, @PathVariable String environment,
			Principal caller) {
		return this.statuses.target(name, environment)
			.flatMap((target) -> this.actions.refresh(caller.getName(), name, target.environment()))
			.map((application) -> ActionJson.of("refresh", application));
	}

	@PostMapping("/{name}/environments/{environment}/sync")
	Mono<ResponseEntity<ActionJson>> syncApplication(@PathVariable String name, @PathVariable String environment,
			Principal caller) {
		return this.statuses.target(name, environment)
			.flatMap((target) -> this.actions.sync(caller.getName(), name, target.environment()))
			.map((application) -> ResponseEntity.accepted().body(ActionJson.of("sync", application)));
	}

	@ExceptionHandler(UnknownTargetException.class)
	ProblemDetail unknown(UnknownTargetException ex, ServerHttpRequest request) {
		return problem(HttpStatus.NOT_FOUND, ex.getMessage(), request);
	}

	@ExceptionHandler(ArgoCdException.class)
	ProblemDetail argoCdRefused(ArgoCdException ex, ServerHttpRequest request) {
		ProblemDetail problem = problem(statusFor(ex), ex.argoCdMessage(), request);
		problem.setTitle(ex.getMessage());
		problem.setProperty("argoCd", new ArgoCdErrorJson(ex.httpStatus(), ex.grpcCode(), ex.argoCdMessage()));
		return problem;
	}

	/**
	 * What an Argo CD failure means to the caller of Slipway: a refusal of the request as it stands
	 * is a conflict, a missing application is not found, Argo CD down or not configured is
	 * unavailable, and Argo CD refusing Slipway's own credentials is a bad gateway.
	 */
	static HttpStatus statusFor(ArgoCdException ex) {
		if (ex instanceof ArgoCdException.Rejected) {
			return HttpStatus.CONFLICT;
		}
		if (ex instanceof ArgoCdException.NotFound) {
			return HttpStatus.NOT_FOUND;
		}
		if (ex instanceof ArgoCdException.Unavailable || ex instanceof ArgoCdException.NotConfigured) {
			return HttpStatus.SERVICE_UNAVAILABLE;
		}
		return HttpStatus.BAD_GATEWAY;
	}

	private static ProblemDetail problem(HttpStatus status, @Nullable String detail, ServerHttpRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setInstance(URI.create(request.getPath().value()));
		return problem;
	}

	/** A service and, per environment, the release Git declares and what Argo CD reports. */
	record ServiceJson(String name, String path, @Nullable String templatePack, List<EnvironmentJson> environments) {

		static ServiceJson of(ServiceView view, CacheView cache) {
			return new ServiceJson(view.name(), view.service().path(), view.service().templatePack(),
					view.environments().stream().map((environment) -> EnvironmentJson.of(environment, cache)).toList());
		}

	}

	/**
	 * One environment of a service.
	 *
	 * @param name the environment
	 * @param overlay the overlay folder, {@code null} when the service has none there
	 * @param imageTag the image tag Git declares
	 * @param commit the overlay's last commit
	 * @param argocd what Argo CD reports, {@code null} while no Argo CD server is configured
	 * @param drift whether Git and Argo CD disagree
	 * @param driftReason {@code MISSING}, {@code OUT_OF_SYNC} or {@code IMAGE}; {@code null} without
	 * drift
	 */
	record EnvironmentJson(String name, @Nullable String overlay, @Nullable String imageTag,
			@Nullable CommitJson commit, @Nullable ArgoCdJson argocd, boolean drift, @Nullable String driftReason) {

		static EnvironmentJson of(EnvironmentView view, CacheView cache) {
			CommitSummary commit = view.release().commit();
			return new EnvironmentJson(view.name(), view.release().overlay(), view.release().imageTag(),
					(commit != null) ? new CommitJson(commit.id(), commit.shortMessage(), commit.authorName(),
							commit.time()) : null,
					(view.argoCd() != null) ? ArgoCdJson.of(view.argoCd(), cache) : null, view.drift() != null,
					(view.drift() != null) ? view.drift().name() : null);
		}

	}

	record CommitJson(String id, String message, String author, Instant time) {
	}

	/**
	 * Argo CD's view of the environment, as fresh as {@code cache} says.
	 *
	 * @param application the application's name
	 * @param project its project
	 * @param found whether Argo CD knows it; the other fields are {@code null} or empty when not
	 * @param syncStatus {@code Synced}, {@code OutOfSync}, {@code Unknown}
	 * @param revision the revision last compared
	 * @param healthStatus Argo CD's health
	 * @param healthMessage why, when Argo CD says
	 * @param images the live pods' images ({@code status.summary.images})
	 * @param liveImageTag the tag the service's pods run
	 * @param lastSyncedAt when the last operation finished or the last sync was recorded
	 * @param operation the last operation
	 * @param cache the freshness of the cache this was read from
	 */
	record ArgoCdJson(String application, String project, boolean found, @Nullable String syncStatus,
			@Nullable String revision, @Nullable String healthStatus, @Nullable String healthMessage,
			List<String> images, @Nullable String liveImageTag, @Nullable Instant lastSyncedAt,
			@Nullable OperationJson operation, CacheJson cache) {

		static CacheJson cacheOf(CacheView cache) {
			return new CacheJson(cache.mode().name(), cache.stalenessSeconds(), cache.lastSyncedAt(),
					cache.unreachableSince());
		}

		static ArgoCdJson of(ArgoCdView view, CacheView cache) {
			OperationState state = view.operation();
			return new ArgoCdJson(view.application(), view.project(), view.found(), view.syncStatus(), view.revision(),
					view.healthStatus(), view.healthMessage(), view.images(), view.liveTag(), view.lastSyncAt(),
					(state != null) ? new OperationJson(state.phase(), state.message(), state.startedAt(),
							state.finishedAt()) : null,
					cacheOf(cache));
		}

	}

	record OperationJson(@Nullable String phase, @Nullable String message, @Nullable Instant startedAt,
			@Nullable Instant finishedAt) {
	}

	/**
	 * @param mode {@code NOT_CONFIGURED}, {@code CONNECTING}, {@code STREAMING}, {@code POLLING}
	 * @param stalenessSeconds seconds since the cache last matched Argo CD, -1 before it ever did
	 * @param lastSyncedAt when it last did
	 * @param unreachableSince since when Argo CD has not answered, {@code null} while it does
	 */
	record CacheJson(String mode, long stalenessSeconds, @Nullable Instant lastSyncedAt,
			@Nullable Instant unreachableSince) {
	}

	record ArgoCdErrorJson(int httpStatus, @Nullable Integer code, String message) {
	}

	/**
	 * What Argo CD answered to an action.
	 *
	 * @param action {@code refresh} or {@code sync}
	 * @param application the application
	 * @param syncStatus its sync status now
	 * @param healthStatus its health now
	 * @param revision for a sync the revision Argo CD resolved to sync to, for a refresh the one it
	 * compared with
	 */
	record ActionJson(String action, String application, String syncStatus, String healthStatus, String revision) {

		static ActionJson of(String action, Application application) {
			return new ActionJson(action, application.name(), application.syncStatus(), application.healthStatus(),
					"sync".equals(action) ? ApplicationActions.operationRevision(application)
							: ApplicationActions.revisionOf(application));
		}

	}

}
