package io.slipway.catalog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.thymeleaf.context.WebContext;
import org.thymeleaf.spring6.ISpringWebFluxTemplateEngine;
import org.thymeleaf.spring6.web.webflux.SpringWebFluxWebApplication;

import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The matrix's rows as HTML, each rendered once per state of its service and reused until Git or
 * Argo CD changes that service. A row evaluates some sixty template expressions; rendering a
 * hundred of them on every view of {@code /services} was most of what a page view cost, while
 * between two views almost no row changes.
 * <p>
 * A row is reused while its {@link ServiceView} is equal (records all the way down, so equal means
 * the same release, the same Argo CD state, the same drift), for the same locale and Argo CD
 * connection. Rows are forgotten when the main branch moves, so services gone from Git do not stay.
 */
@Component
class RenderedRows {

	private static final Set<String> ROW = Set.of("row");

	private static final String TEMPLATE = ServiceListController.FRAGMENT_ROW.substring(0,
			ServiceListController.FRAGMENT_ROW.indexOf(" ::"));

	private final ISpringWebFluxTemplateEngine templates;

	private final SpringWebFluxWebApplication application = SpringWebFluxWebApplication
		.buildApplication(ReactiveAdapterRegistry.getSharedInstance());

	private final ConcurrentMap<String, Row> rows = new ConcurrentHashMap<>();

	private volatile String commit = "";

	RenderedRows(ISpringWebFluxTemplateEngine templates) {
		this.templates = templates;
	}

	/**
	 * @param commit the main-branch commit the views come from
	 * @param views the rows to show, in order
	 * @param argoCdConfigured whether an Argo CD server is configured
	 * @param exchange the request, for links and messages
	 * @param locale the request's locale
	 * @return each view's row, {@code <tr>…</tr>}, in the views' order
	 */
	List<String> html(String commit, List<ServiceView> views, boolean argoCdConfigured, ServerWebExchange exchange,
			Locale locale) {
		if (!commit.equals(this.commit)) {
			this.rows.clear();
			this.commit = commit;
		}
		List<String> html = new ArrayList<>(views.size());
		for (ServiceView view : views) {
			Row row = this.rows.get(view.name());
			if (row == null || !row.renders(view, argoCdConfigured, locale)) {
				row = new Row(view, argoCdConfigured, locale, render(view, argoCdConfigured, exchange, locale));
				this.rows.put(view.name(), row);
			}
			html.add(row.html());
		}
		return html;
	}

	private String render(ServiceView view, boolean argoCdConfigured, ServerWebExchange exchange, Locale locale) {
		WebContext context = new WebContext(
				this.application.buildExchange(exchange, locale, MediaType.TEXT_HTML, StandardCharsets.UTF_8), locale,
				Map.of("service", view, "times", Times.UTC, "argoCdConfigured", argoCdConfigured));
		return this.templates.process(TEMPLATE, ROW, context);
	}

	private record Row(ServiceView view, boolean argoCdConfigured, Locale locale, String html) {

		boolean renders(ServiceView other, boolean otherArgoCdConfigured, Locale otherLocale) {
			return this.argoCdConfigured == otherArgoCdConfigured && Objects.equals(this.locale, otherLocale)
					&& this.view.equals(other);
		}

	}

}
