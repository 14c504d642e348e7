package io.slipway.catalog;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The filter, matrix and pager of a page of {@code /services} as UTF-8 HTML, rendered once per page and
 * state of its services and reused until one of them changes. With the rows already kept as HTML
 * ({@link RenderedRows}), what a view still cost was mostly the template engine walking the page
 * around them; between two views of a page nothing of it changes.
 * <p>
 * A listing is reused while the page shows the very same views (the matrix hands out the same
 * {@link ServiceView} objects until Git or Argo CD changes something) with the same counts. Few
 * distinct pages are looked at, but the filter is free text: past {@value #MAX_LISTINGS} kept
 * listings, all are forgotten.
 */
@Component
class RenderedListings {

	static final String FRAGMENT_LISTING = "catalog/matrix :: listing";

	static final int MAX_LISTINGS = 64;

	private final HtmlFragments fragments;

	private final RenderedRows rows;

	private final ConcurrentMap<Key, Listing> listings = new ConcurrentHashMap<>();

	RenderedListings(HtmlFragments fragments, RenderedRows rows) {
		this.fragments = fragments;
		this.rows = rows;
	}

	/**
	 * @param matrix the matrix the page comes from
	 * @param page the page
	 * @param query the name filter as typed
	 * @param attention whether only services that need attention are shown
	 * @param environments environment names, in promotion order
	 * @param exchange the request, for links and messages
	 * @param locale the request's locale
	 * @return the page's filter, matrix and pager, UTF-8
	 */
	byte[] html(ServiceStatuses.Matrix matrix, ServiceStatuses.Page page, String query, boolean attention,
			List<String> environments, ServerWebExchange exchange, Locale locale) {
		boolean configured = matrix.cache().configured();
		Key key = new Key(matrix.commit(), query, attention, page.number(), locale, configured);
		Listing known = this.listings.get(key);
		if (known != null && known.shows(page, environments)) {
			return known.html();
		}
		String rowsHtml = this.rows.html(matrix.commit(), page.services(), configured, exchange, locale);
		byte[] html = this.fragments.render(FRAGMENT_LISTING,
				Map.of("page", page, "query", query, "attention", attention, "environments", environments, "rows",
						rowsHtml, "streamUrl", ServiceListController.streamUrl(query, attention, page.number())),
				exchange, locale)
			.getBytes(StandardCharsets.UTF_8);
		if (this.listings.size() >= MAX_LISTINGS) {
			this.listings.clear();
		}
		this.listings.put(key, Listing.of(page, environments, html));
		return html;
	}

	private record Key(String commit, String query, boolean attention, int page, Locale locale, boolean configured) {
	}

	/**
	 * @param page the page rendered, its services copied out of the matrix so that a kept listing
	 * does not keep the whole matrix it came from
	 */
	private record Listing(ServiceStatuses.Page page, List<String> environments, byte[] html) {

		static Listing of(ServiceStatuses.Page page, List<String> environments, byte[] html) {
			return new Listing(new ServiceStatuses.Page(List.copyOf(page.services()), page.matching(), page.total(),
					page.attention(), page.number(), page.pages()), environments, html);
		}

		boolean shows(ServiceStatuses.Page other, List<String> otherEnvironments) {
			if (this.page.matching() != other.matching() || this.page.total() != other.total()
					|| this.page.attention() != other.attention() || this.page.number() != other.number()
					|| this.page.pages() != other.pages() || !this.environments.equals(otherEnvironments)) {
				return false;
			}
			List<ServiceView> mine = this.page.services();
			List<ServiceView> theirs = other.services();
			if (mine.size() != theirs.size()) {
				return false;
			}
			for (int i = 0; i < mine.size(); i++) {
				// the same object: the matrix was not rebuilt for this service since
				if (mine.get(i) != theirs.get(i)) {
					return false;
				}
			}
			return true;
		}

	}

}
