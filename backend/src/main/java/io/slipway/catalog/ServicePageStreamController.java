package io.slipway.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.reactive.result.view.Fragment;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /services/{name}/stream} keeps an open service page current: server-sent events that
 * carry each environment's panels (badges, Git declares / Argo CD runs, Health, Sync, Last
 * operation, history and the live resources) re-rendered whenever Argo CD reports a change to one
 * of the service's applications, gathered like the matrix's ({@link ServiceStatuses#COALESCE}),
 * and the cache's freshness every few seconds.
 * <p>
 * The page is complete without it: this only spares a reload. The actions stay outside what it
 * replaces, so a form never loses its CSRF token to an update.
 */
@Controller
class ServicePageStreamController {

	static final String FRAGMENT_PANEL = "catalog/service-live :: panel";

	private final ServicePanels panels;

	private final ServiceStatuses statuses;

	ServicePageStreamController(ServicePanels panels, ServiceStatuses statuses) {
		this.panels = panels;
		this.statuses = statuses;
	}

	@GetMapping(path = "/services/{name}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Fragment>> streamService(@PathVariable String name) {
		return this.statuses.service(name).flatMapMany((found) -> {
			if (found.isEmpty()) {
				return Flux.error(new ResponseStatusException(HttpStatus.NOT_FOUND,
						UnknownTargetException.service(name).getMessage()));
			}
			// Listen first, then render: the page was rendered a moment before the browser connected,
			// and rendering reads Git for the history, which can take a while. A change that comes
			// in meanwhile is in the first rendering or renders again after it; rendering before
			// listening lost it until the next change.
			Flux<Object> renderings = Flux.merge(this.statuses.changedServices().filter((names) -> names.contains(name)),
					Mono.just(name));
			Flux<Optional<ServicePanels.Panels>> updates = renderings
				// every update renders the current state: a page that falls behind needs only the last
				.onBackpressureLatest()
				.concatMap((trigger) -> this.panels.of(name), 1);
			Flux<ServerSentEvent<Fragment>> panelEvents = updates
				.concatMapIterable((panels) -> panels.map(ServicePanels.Panels::panels).orElse(List.of()))
				.map(ServicePageStreamController::panelEvent);
			Flux<ServerSentEvent<Fragment>> state = Flux.interval(ServiceListController.STATE_INTERVAL)
				.onBackpressureDrop()
				.map((tick) -> cacheStateEvent());
			return Flux.merge(panelEvents, state);
		});
	}

	/** Where the page of {@code service} listens. */
	static String streamUrl(String service) {
		return UriComponentsBuilder.fromPath("/services/{name}/stream").buildAndExpand(service).encode().toUriString();
	}

	private static ServerSentEvent<Fragment> panelEvent(ServicePageController.Panel panel) {
		Fragment fragment = Fragment.create(FRAGMENT_PANEL, Map.of("panel", panel, "times", Times.UTC));
		return ServerSentEvent.builder(fragment).event("panel").build();
	}

	private ServerSentEvent<Fragment> cacheStateEvent() {
		Fragment fragment = Fragment.create(ServiceListController.FRAGMENT_CACHE_STATE,
				Map.of("cache", this.statuses.cache(), "times", Times.UTC));
		return ServerSentEvent.builder(fragment).event("state").build();
	}

}
