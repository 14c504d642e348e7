package io.slipway.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.slipway.gitops.GitOpsRepository;
import io.slipway.onboarding.OnboardedToMain;
import io.slipway.platform.Environment;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Fragment;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /services}: every service × environment, with the image tag Git declares, the image
 * Argo CD reports, sync and health, the last sync and a marker where Git and Argo CD disagree.
 * Rendered from memory (the listing cached per main-branch commit, the Argo CD cache), a page of
 * {@value #PAGE_SIZE} services at a time, filterable by name and by "needs attention".
 * <p>
 * {@code /services/stream} keeps an open page current: server-sent events carrying the re-rendered
 * rows of the services on that page whose applications changed, gathered over half a second, and
 * the cache's freshness every few seconds. Without JavaScript the page is the same, only static.
 */
@Controller
class ServiceListController {

	static final String VIEW_SERVICE_LIST = "catalog/services";

	static final String FRAGMENT_ROW = "catalog/fragments :: row";

	static final String FRAGMENT_CACHE_STATE = "catalog/fragments :: cacheState";

	static final int PAGE_SIZE = 100;

	/** How often an open page hears the cache's freshness (and learns the connection is alive). */
	static final Duration STATE_INTERVAL = Duration.ofSeconds(5);

	/** Row updates a slow page may fall behind by before its stream ends and the browser reconnects. */
	private static final int MAX_PENDING_BATCHES = 64;

	private static final Logger logger = LoggerFactory.getLogger(ServiceListController.class);

	private final ServiceStatuses statuses;

	private final GitOpsRepository gitOps;

	private final RenderedRows rows;

	ServiceListController(ServiceStatuses statuses, GitOpsRepository gitOps, RenderedRows rows) {
		this.statuses = statuses;
		this.gitOps = gitOps;
		this.rows = rows;
	}

	@GetMapping("/services")
	Mono<String> showServiceList(@RequestParam(name = "q", defaultValue = "") String query,
			@RequestParam(defaultValue = "false") boolean attention, @RequestParam(defaultValue = "1") int page,
			ServerWebExchange exchange, Model model) {
		String branch = this.gitOps.mainBranch();
		model.addAttribute("branch", branch);
		model.addAttribute("query", query);
		model.addAttribute("attention", attention);
		common(model);
		Locale locale = Objects.requireNonNullElse(exchange.getLocaleContext().getLocale(), Locale.getDefault());
		Mono<Listing> listing = this.statuses.matrix().map((matrix) -> {
			ServiceStatuses.Page shown = matrix.page(query, attention, page, PAGE_SIZE);
			return new Listing(shown, matrix.cache(), null, this.rows.html(matrix.commit(), shown.services(),
					matrix.cache().configured(), exchange, locale));
		}).onErrorResume((ex) -> {
			logger.warn("Could not list the services on {}: {}", branch, ex.getMessage());
			return Mono.just(new Listing(null, this.statuses.cache(),
					"error listing the services on " + branch + ": " + ex.getMessage(), List.of()));
		});
		return listing.zipWith(OnboardedToMain.take(exchange.getSession())).map((loaded) -> {
			Listing found = loaded.getT1();
			model.addAttribute("listing", found);
			model.addAttribute("cache", found.cache());
			model.addAttribute("streamUrl", streamUrl(query, attention, (found.page() != null) ? found.page().number() : 1));
			loaded.getT2().ifPresent((notice) -> model.addAttribute("flash", notice));
			return VIEW_SERVICE_LIST;
		});
	}

	@GetMapping(path = "/services/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Fragment>> streamServiceList(@RequestParam(name = "q", defaultValue = "") String query,
			@RequestParam(defaultValue = "false") boolean attention, @RequestParam(defaultValue = "1") int page) {
		return this.statuses.matrix().flatMapMany((matrix) -> {
			Set<String> shown = matrix.page(query, attention, page, PAGE_SIZE).names();
			// the page was rendered a moment before the browser connected: close that gap first
			Flux<Set<String>> changes = Flux.concat(Mono.just(shown), this.statuses.changedServices()
				.map((names) -> {
					names.retainAll(shown);
					return names;
				})
				.filter((names) -> !names.isEmpty())
				// a page that cannot keep up is dropped; its browser reconnects and gets every row again
				.onBackpressureBuffer(MAX_PENDING_BATCHES));
			Flux<ServerSentEvent<Fragment>> rows = changes.concatMap(this::rowEvents);
			Flux<ServerSentEvent<Fragment>> state = Flux.interval(Duration.ZERO, STATE_INTERVAL)
				.onBackpressureDrop()
				.map((tick) -> cacheStateEvent());
			return Flux.merge(state, rows);
		});
	}

	private Flux<ServerSentEvent<Fragment>> rowEvents(Set<String> names) {
		return this.statuses.matrix()
			.flatMapIterable((matrix) -> names.stream().flatMap((name) -> matrix.find(name).stream()).toList())
			.map((view) -> ServerSentEvent.builder(Fragment.create(FRAGMENT_ROW, rowModel(view)))
				.event("row")
				.build());
	}

	private ServerSentEvent<Fragment> cacheStateEvent() {
		Fragment fragment = Fragment.create(FRAGMENT_CACHE_STATE,
				Map.of("cache", this.statuses.cache(), "times", Times.UTC));
		return ServerSentEvent.builder(fragment).event("state").build();
	}

	private Map<String, Object> rowModel(ServiceView view) {
		return Map.of("service", view, "times", Times.UTC, "argoCdConfigured", this.statuses.cache().configured());
	}

	private void common(Model model) {
		model.addAttribute("environments", this.statuses.environments().stream().map(Environment::name).toList());
		model.addAttribute("times", Times.UTC);
		model.addAttribute("argoCdConfigured", this.statuses.cache().configured());
	}

	private static String streamUrl(String query, boolean attention, int page) {
		return UriComponentsBuilder.fromPath("/services/stream")
			.queryParam("q", query)
			.queryParam("attention", attention)
			.queryParam("page", page)
			.encode()
			.build()
			.toUriString();
	}

	/**
	 * What the list shows.
	 *
	 * @param page the services on this page, {@code null} when they could not be listed
	 * @param cache how fresh the Argo CD part is
	 * @param error why the services could not be listed, with context
	 * @param rows the page's rows as HTML, rendered from the page's services
	 */
	record Listing(ServiceStatuses.@Nullable Page page, CacheView cache, @Nullable String error, List<String> rows) {

		public List<ServiceView> services() {
			return (this.page != null) ? this.page.services() : List.of();
		}

	}

}
