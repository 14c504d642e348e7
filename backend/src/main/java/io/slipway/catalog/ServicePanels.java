package io.slipway.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.slipway.argocd.Application;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The panels of {@code /services/{name}}, one per environment, built from memory (the main
 * branch's listing, the Argo CD cache and the overlay's Git log). The page renders them on load and
 * its live stream renders them again whenever Argo CD reports a change to the service's
 * applications, so both always show the same thing.
 */
@Component
class ServicePanels {

	private final ServiceStatuses statuses;

	private final DeploymentHistory history;

	private final ArgoCdAccess argoCd;

	ServicePanels(ServiceStatuses statuses, DeploymentHistory history, ArgoCdAccess argoCd) {
		this.statuses = statuses;
		this.history = history;
		this.argoCd = argoCd;
	}

	/**
	 * @param name a service
	 * @return the service and its panels in promotion order; empty when the main branch declares no
	 * service of that name
	 */
	Mono<Optional<Panels>> of(String name) {
		return this.statuses.service(name).flatMap((found) -> {
			if (found.isEmpty()) {
				return Mono.just(Optional.<Panels>empty());
			}
			ServiceView service = found.get();
			Instant now = Instant.now();
			return Flux.fromIterable(service.environments())
				.concatMap((environment) -> panel(service, environment, now))
				.collectList()
				.map((panels) -> Optional.of(new Panels(service, panels)));
		});
	}

	private Mono<ServicePageController.Panel> panel(ServiceView service, EnvironmentView environment, Instant now) {
		ArgoCdView view = environment.argoCd();
		Application application = (view != null && view.found())
				? this.argoCd.applications().find(view.application()).orElse(null) : null;
		return this.history.rows(environment.release(), application, now)
			.map((rows) -> new ServicePageController.Panel(environment, rows,
					(view != null) ? this.argoCd.uiLink(view.application(), view.namespace()) : null,
					"/services/" + service.name() + "/environments/" + environment.name()));
	}

	/**
	 * A service with its panels.
	 *
	 * @param service the service
	 * @param panels one per environment, in promotion order
	 */
	record Panels(ServiceView service, List<ServicePageController.Panel> panels) {
	}

}
