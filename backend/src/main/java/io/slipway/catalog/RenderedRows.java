package io.slipway.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

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

	private final HtmlFragments fragments;

	private final ConcurrentMap<String, Row> rows = new ConcurrentHashMap<>();

	private volatile String commit = "";

	RenderedRows(HtmlFragments fragments) {
		this.fragments = fragments;
	}

	/**
	 * @param commit the main-branch commit the views come from
	 * @param views the rows to show, in order
	 * @param argoCdConfigured whether an Argo CD server is configured
	 * @param exchange the request, for links and messages
	 * @param locale the request's locale
	 * @return the views' rows, {@code <tr>…</tr>} each, in the views' order
	 */
	String html(String commit, List<ServiceView> views, boolean argoCdConfigured, ServerWebExchange exchange,
			Locale locale) {
		if (!commit.equals(this.commit)) {
			this.rows.clear();
			this.commit = commit;
		}
		String[] html = new String[views.size()];
		int index = 0;
		for (ServiceView view : views) {
			Row row = this.rows.get(view.name());
			if (row == null || !row.renders(view, argoCdConfigured, locale)) {
				row = new Row(view, argoCdConfigured, locale, render(view, argoCdConfigured, exchange, locale));
				this.rows.put(view.name(), row);
			}
			html[index++] = row.html();
		}
		return String.join("\n", html);
	}

	private String render(ServiceView view, boolean argoCdConfigured, ServerWebExchange exchange, Locale locale) {
		return this.fragments.render(ServiceListController.FRAGMENT_ROW,
				Map.of("service", view, "times", Times.UTC, "argoCdConfigured", argoCdConfigured), exchange, locale);
	}

	private record Row(ServiceView view, boolean argoCdConfigured, Locale locale, String html) {

		boolean renders(ServiceView other, boolean otherArgoCdConfigured, Locale otherLocale) {
			return this.argoCdConfigured == otherArgoCdConfigured && Objects.equals(this.locale, otherLocale)
					&& this.view.equals(other);
		}

	}

}
