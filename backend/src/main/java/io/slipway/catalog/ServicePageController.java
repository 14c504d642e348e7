package io.slipway.catalog;

import java.io.Serializable;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.slipway.argocd.Application;
import io.slipway.argocd.ArgoCdException;
import io.slipway.platform.EnvironmentRelease;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

/**
 * {@code /services/{name}}: one panel per environment with Health (and Argo CD's message), Sync
 * (revision; its author and message load lazily from Argo CD), Last operation, the history that
 * joins Argo CD's syncs with the overlay's Git log, the live resources by kind (lazily), links to
 * Argo CD's UI, and the Refresh and Sync actions. The page itself renders from memory and the local
 * Git copy; the lazy parts are links without JavaScript and load in place with it.
 * <p>
 * Refresh and Sync are plain forms: the outcome, or Argo CD's refusal in its own words, shows on
 * the page they return to. With JavaScript the page keeps itself current through
 * {@link ServicePageStreamController}.
 */
@Controller
class ServicePageController {

	static final String VIEW_SERVICE = "catalog/service";

	static final String VIEW_PART = "catalog/part";

	static final String FRAGMENT_REVISION = "revision";

	static final String FRAGMENT_RESOURCES = "resources";

	private static final String OUTCOME = ServicePageController.class.getName() + ".outcome";

	private final ServiceStatuses statuses;

	private final ServicePanels panels;

	private final ApplicationDetails details;

	private final ApplicationActions actions;

	ServicePageController(ServiceStatuses statuses, ServicePanels panels, ApplicationDetails details,
			ApplicationActions actions) {
		this.statuses = statuses;
		this.panels = panels;
		this.details = details;
		this.actions = actions;
	}

	@GetMapping("/services/{name}")
	Mono<String> showService(@PathVariable String name, ServerWebExchange exchange, Model model) {
		return this.panels.of(name).flatMap((found) -> {
			ServicePanels.Panels shown = found.orElseThrow(() -> notFound(UnknownTargetException.service(name)));
			return takeOutcome(exchange.getSession()).map((outcome) -> {
				model.addAttribute("service", shown.service());
				model.addAttribute("panels", shown.panels());
				model.addAttribute("cache", this.statuses.cache());
				model.addAttribute("times", Times.UTC);
				model.addAttribute("streamUrl", ServicePageStreamController.streamUrl(name));
				outcome.ifPresent((accepted) -> model.addAttribute("outcome", accepted));
				return VIEW_SERVICE;
			});
		});
	}

	@GetMapping("/services/{name}/environments/{environment}/revision")
	Mono<String> showRevision(@PathVariable String name, @PathVariable String environment,
			@RequestHeader(name = "HX-Request", required = false) @Nullable String htmx, Model model) {
		return target(name, environment).flatMap((target) -> {
			ArgoCdView view = target.environment().argoCd();
			model.addAttribute("times", Times.UTC);
			model.addAttribute("environment", target.environment());
			if (view == null || !view.found() || view.revision() == null) {
				return Mono.just(part(FRAGMENT_REVISION, htmx, target, model));
			}
			return this.details.revision(view.application(), view.namespace(), view.project(), view.revision())
				.map((metadata) -> {
					model.addAttribute("metadata", metadata);
					return part(FRAGMENT_REVISION, htmx, target, model);
				})
				.onErrorResume(ArgoCdException.class, (ex) -> {
					model.addAttribute("argoCdError", ex.argoCdMessage());
					return Mono.just(part(FRAGMENT_REVISION, htmx, target, model));
				});
		});
	}

	@GetMapping("/services/{name}/environments/{environment}/resources")
	Mono<String> showResources(@PathVariable String name, @PathVariable String environment,
			@RequestHeader(name = "HX-Request", required = false) @Nullable String htmx, Model model) {
		return target(name, environment).flatMap((target) -> {
			ArgoCdView view = target.environment().argoCd();
			model.addAttribute("environment", target.environment());
			if (view == null || !view.found()) {
				return Mono.just(part(FRAGMENT_RESOURCES, htmx, target, model));
			}
			return this.details.resources(view.application(), view.namespace(), view.project()).map((kinds) -> {
				model.addAttribute("kinds", kinds);
				return part(FRAGMENT_RESOURCES, htmx, target, model);
			}).onErrorResume(ArgoCdException.class, (ex) -> {
				model.addAttribute("argoCdError", ex.argoCdMessage());
				return Mono.just(part(FRAGMENT_RESOURCES, htmx, target, model));
			});
		});
	}

	@PostMapping("/services/{name}/environments/{environment}/refresh")
	Mono<String> processRefresh(@PathVariable String name, @PathVariable String environment, Principal caller,
			ServerWebExchange exchange) {
		return act(name, environment, "refresh", exchange,
				(target) -> this.actions.refresh(caller.getName(), name, target.environment()));
	}

	@PostMapping("/services/{name}/environments/{environment}/sync")
	Mono<String> processSync(@PathVariable String name, @PathVariable String environment, Principal caller,
			ServerWebExchange exchange) {
		return act(name, environment, "sync", exchange,
				(target) -> this.actions.sync(caller.getName(), name, target.environment()));
	}

	private Mono<String> act(String name, String environment, String action, ServerWebExchange exchange,
			Function<ServiceStatuses.Target, Mono<Application>> call) {
		return target(name, environment).flatMap((target) -> call.apply(target)
			.map((application) -> new ActionOutcome(environment, action, application.name(), true, null))
			.onErrorResume(ArgoCdException.class, (ex) -> Mono.just(new ActionOutcome(environment, action,
					(target.environment().argoCd() != null) ? target.environment().argoCd().application() : "", false,
					ex.argoCdMessage())))
			.flatMap((outcome) -> exchange.getSession().doOnNext((session) -> session.getAttributes().put(OUTCOME, outcome)))
			.thenReturn("redirect:/services/" + name + "#environment-" + environment));
	}

	private Mono<ServiceStatuses.Target> target(String name, String environment) {
		return this.statuses.target(name, environment)
			.onErrorMap(UnknownTargetException.class, ServicePageController::notFound);
	}

	private static String part(String fragment, @Nullable String htmx, ServiceStatuses.Target target, Model model) {
		model.addAttribute("service", target.service());
		model.addAttribute("part", fragment);
		return (htmx != null) ? "catalog/fragments :: " + fragment : VIEW_PART;
	}

	private static Mono<Optional<ActionOutcome>> takeOutcome(Mono<WebSession> session) {
		return session.map((current) -> Optional.ofNullable((ActionOutcome) current.getAttributes().remove(OUTCOME)));
	}

	private static ResponseStatusException notFound(UnknownTargetException ex) {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	/**
	 * One environment's panel.
	 *
	 * @param environment the service in that environment
	 * @param history the history, newest first
	 * @param argoCdLink the application in Argo CD's UI, {@code null} without a configured URL
	 * @param path the page path of this environment, under which the actions and lazy parts live
	 */
	record Panel(EnvironmentView environment, List<DeploymentHistory.HistoryRow> history,
			@Nullable String argoCdLink, String path) {

		/** The API call an action mirrors, which the permission matrix decides on. */
		public String apiPath(String action) {
			return "/api/v1" + this.path + "/" + action;
		}

		public EnvironmentRelease release() {
			return this.environment.release();
		}

	}

	/**
	 * What an action did, shown once on the page it returns to.
	 *
	 * @param environment the environment
	 * @param action {@code refresh} or {@code sync}
	 * @param application the application
	 * @param accepted whether Argo CD accepted it
	 * @param message Argo CD's refusal in its own words, {@code null} when accepted
	 */
	record ActionOutcome(String environment, String action, String application, boolean accepted,
			@Nullable String message) implements Serializable {
	}

}
