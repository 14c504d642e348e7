package io.slipway.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.slipway.gitops.GitOpsRepository;
import io.slipway.onboarding.OnboardedToMain;
import io.slipway.platform.Environment;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thymeleaf.spring6.view.reactive.ThymeleafReactiveViewResolver;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Fragment;
import org.springframework.web.reactive.result.view.View;
import org.springframework.web.reactive.result.view.ViewResolver;
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

	private static final int MAX_CACHED_LOCALES = 16;

	/** How often an open page hears the cache's freshness (and learns the connection is alive). */
	static final Duration STATE_INTERVAL = Duration.ofSeconds(5);

	/** Row updates a slow page may fall behind by before its stream ends and the browser reconnects. */
	private static final int MAX_PENDING_BATCHES = 64;

	private static final Logger logger = LoggerFactory.getLogger(ServiceListController.class);

	private final ServiceStatuses statuses;

	private final GitOpsRepository gitOps;

	private final RenderedListings listings;

	private final ViewResolver views;

	/**
	 * The page's view per locale. Thymeleaf's resolver builds and initializes a new view bean on
	 * every call, which was a measurable part of a view of this page; the view itself keeps no
	 * state between renderings.
	 */
	private final ConcurrentMap<Locale, View> pages = new ConcurrentHashMap<>();

	private final HtmlFragments fragments;

	/**
	 * The freshness line as last rendered: the same for every view within a second (it counts
	 * seconds), so one kept rendering serves all of them.
	 */
	private volatile @Nullable RenderedCacheState cacheState;

	ServiceListController(ServiceStatuses statuses, GitOpsRepository gitOps, RenderedListings listings,
			ThymeleafReactiveViewResolver views, HtmlFragments fragments) {
		this.statuses = statuses;
		this.gitOps = gitOps;
		this.listings = listings;
		this.views = views;
		this.fragments = fragments;
	}

	@GetMapping("/services")
	Mono<View> showServiceList(@RequestParam(name = "q", defaultValue = "") String query,
			@RequestParam(defaultValue = "false") boolean attention, @RequestParam(defaultValue = "1") int page,
			ServerWebExchange exchange, Model model) {
		String branch = this.gitOps.mainBranch();
		model.addAttribute("branch", branch);
		Locale locale = Objects.requireNonNullElse(exchange.getLocaleContext().getLocale(), Locale.getDefault());
		Mono<Listing> listing = this.statuses.matrix().map((matrix) -> {
			ServiceStatuses.Page shown = matrix.page(query, attention, page, PAGE_SIZE);
			return new Listing(shown, matrix.cache(), null,
					this.listings.html(matrix, shown, query, attention, environments(), exchange, locale));
		}).onErrorResume((ex) -> {
			logger.warn("Could not list the services on {}: {}", branch, ex.getMessage());
			return Mono.just(new Listing(null, this.statuses.cache(),
					"error listing the services on " + branch + ": " + ex.getMessage(), null));
		});
		return listing.zipWith(OnboardedToMain.take(exchange.getSession())).flatMap((loaded) -> {
			Listing found = loaded.getT1();
			model.addAttribute("listing", found);
			model.addAttribute("cacheState", cacheState(found.cache(), exchange, locale));
			loaded.getT2().ifPresent((notice) -> model.addAttribute("flash", notice));
			return page(locale).map((view) -> (found.html() != null) ? new ListingPageView(view, found.html()) : view);
		});
	}

	@GetMapping(path = "/services/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Fragment>> streamServiceList(@RequestParam(name = "q", defaultValue = "") String query,
			@RequestParam(defaultValue = "false") boolean attention, @RequestParam(defaultValue = "1") int page) {
		return this.statuses.matrix().flatMapMany((matrix) -> {
			Set<String> shown = matrix.page(query, attention, page, PAGE_SIZE).names();
			// the page was rendered a moment before the browser connected: close that gap first, once
			// listening, so a change that comes in while the rows render is not lost
			Flux<Set<String>> changes = Flux.merge(this.statuses.changedServices().map((names) -> {
				names.retainAll(shown);
				return names;
			}).filter((names) -> !names.isEmpty()), Mono.just(shown))
				// a page that cannot keep up is dropped; its browser reconnects and gets every row again
				.onBackpressureBuffer(MAX_PENDING_BATCHES);
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

	private String cacheState(CacheView cache, ServerWebExchange exchange, Locale locale) {
		RenderedCacheState known = this.cacheState;
		if (known != null && known.cache().equals(cache) && known.locale().equals(locale)) {
			return known.html();
		}
		String html = this.fragments.render(FRAGMENT_CACHE_STATE, Map.of("cache", cache, "times", Times.UTC), exchange,
				locale);
		this.cacheState = new RenderedCacheState(cache, locale, html);
		return html;
	}

	private record RenderedCacheState(CacheView cache, Locale locale, String html) {
	}

	private Mono<View> page(Locale locale) {
		View known = this.pages.get(locale);
		if (known != null) {
			return Mono.just(known);
		}
		// the locale comes from the request: keep a few, not one per Accept-Language anyone sends
		return this.views.resolveViewName(VIEW_SERVICE_LIST, locale)
			.doOnNext((view) -> {
				if (this.pages.size() < MAX_CACHED_LOCALES) {
					this.pages.put(locale, view);
				}
			});
	}

	private List<String> environments() {
		return this.statuses.environments().stream().map(Environment::name).toList();
	}

	static String streamUrl(String query, boolean attention, int page) {
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
	 * @param html the filter, the matrix and the pager as UTF-8 ({@link RenderedListings}), {@code null}
	 * when the services could not be listed
	 */
	record Listing(ServiceStatuses.@Nullable Page page, CacheView cache, @Nullable String error,
			byte @Nullable [] html) {
	}

}
