package io.slipway.catalog;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.thymeleaf.context.WebContext;
import org.thymeleaf.spring6.ISpringWebFluxTemplateEngine;
import org.thymeleaf.spring6.web.webflux.SpringWebFluxWebApplication;

import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Renders a template fragment to a string outside a view, for the parts of {@code /services} that
 * are kept as HTML and reused across views. Links and messages come from the request that asks.
 * <p>
 * Runs of whitespace between two tags become one space: the templates are indented for reading,
 * and on a page of a hundred rows the indentation was about a third of the bytes written on every
 * view. Between tags, one space renders the same as many (no {@code <pre>} in these fragments).
 */
@Component
class HtmlFragments {

	private static final Pattern BETWEEN_TAGS = Pattern.compile(">\\s{2,}<");

	private final ISpringWebFluxTemplateEngine templates;

	private final SpringWebFluxWebApplication application = SpringWebFluxWebApplication
		.buildApplication(ReactiveAdapterRegistry.getSharedInstance());

	HtmlFragments(ISpringWebFluxTemplateEngine templates) {
		this.templates = templates;
	}

	/**
	 * @param selector {@code template :: fragment}
	 * @param variables the fragment's variables
	 * @param exchange the request, for links and messages
	 * @param locale the request's locale
	 * @return the fragment's HTML with whitespace between tags collapsed
	 */
	String render(String selector, Map<String, Object> variables, ServerWebExchange exchange, Locale locale) {
		int separator = selector.indexOf(" ::");
		String template = selector.substring(0, separator);
		String fragment = selector.substring(separator + 3).strip();
		WebContext context = new WebContext(
				this.application.buildExchange(exchange, locale, MediaType.TEXT_HTML, StandardCharsets.UTF_8), locale,
				variables);
		return BETWEEN_TAGS.matcher(this.templates.process(template, Set.of(fragment), context).strip())
			.replaceAll("> <");
	}

}
