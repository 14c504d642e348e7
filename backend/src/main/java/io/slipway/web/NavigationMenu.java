package io.slipway.web;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.thymeleaf.context.WebContext;
import org.thymeleaf.spring6.ISpringWebFluxTemplateEngine;
import org.thymeleaf.spring6.web.webflux.SpringWebFluxWebApplication;

import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;

/**
 * The main navigation of the page shell as HTML, rendered once per highlighted entry and locale
 * by {@code fragments/layout :: navItems} and then reused: eight links with their labels, hrefs,
 * htmx attributes and highlight were some fifty template expressions on every page view, for markup
 * that never changes while Slipway runs.
 */
final class NavigationMenu {

	private static final String TEMPLATE = "fragments/layout";

	private static final Set<String> ITEMS = Set.of("navItems");

	/** Entries are few (one per page kind and locale); the bound only guards against the unexpected. */
	private static final int MAX_MENUS = 128;

	private final ISpringWebFluxTemplateEngine templates;

	private final SpringWebFluxWebApplication application = SpringWebFluxWebApplication
		.buildApplication(ReactiveAdapterRegistry.getSharedInstance());

	private final ConcurrentMap<Key, String> menus = new ConcurrentHashMap<>();

	NavigationMenu(ISpringWebFluxTemplateEngine templates) {
		this.templates = templates;
	}

	/**
	 * @param active the entry to highlight, as the layout's {@code nav} argument names it
	 * @param exchange the request, for links and the context path
	 * @param locale the request's locale
	 * @return the navigation's {@code <li>} items
	 */
	String html(String active, ServerWebExchange exchange, Locale locale) {
		Key key = new Key(active, locale, exchange.getRequest().getPath().contextPath().value());
		String known = this.menus.get(key);
		if (known != null) {
			return known;
		}
		WebContext context = new WebContext(
				this.application.buildExchange(exchange, locale, MediaType.TEXT_HTML, StandardCharsets.UTF_8), locale,
				Map.of("nav", active));
		String html = this.templates.process(TEMPLATE, ITEMS, context).strip();
		if (this.menus.size() >= MAX_MENUS) {
			this.menus.clear();
		}
		this.menus.put(key, html);
		return html;
	}

	private record Key(String active, Locale locale, String contextPath) {
	}

	/**
	 * The menu as one request sees it: what the layout calls as {@code navigation.html(nav)}.
	 */
	record ForRequest(NavigationMenu menu, ServerWebExchange exchange, Locale locale) {

		public String html(String active) {
			return this.menu.html(active, this.exchange, this.locale);
		}

	}

}
