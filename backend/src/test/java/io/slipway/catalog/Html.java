package io.slipway.catalog;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.util.HtmlUtils;

/**
 * Reads what a person would read in a piece of a page: an element by id, as text.
 */
final class Html {

	private Html() {
	}

	/** The element with this id, start tag to its end tag, for elements that do not nest themselves. */
	static String element(String html, String tag, String id) {
		Matcher start = Pattern.compile("<" + tag + "\\b[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>").matcher(html);
		if (!start.find()) {
			throw new AssertionError("no <" + tag + " id=\"" + id + "\"> in:\n" + html);
		}
		int end = html.indexOf("</" + tag + ">", start.end());
		return html.substring(start.start(), end + tag.length() + 3);
	}

	/** Text without tags, entities decoded, whitespace collapsed. */
	static String text(String html) {
		return HtmlUtils.htmlUnescape(html.replaceAll("<[^>]+>", " ")).replaceAll("\\s+", " ").strip();
	}

	/** The text of each {@code <td>} of a row, in order. */
	static java.util.List<String> cells(String row) {
		java.util.List<String> cells = new java.util.ArrayList<>();
		Matcher cell = Pattern.compile("<td\\b[^>]*>(.*?)</td>", Pattern.DOTALL).matcher(row);
		while (cell.find()) {
			cells.add(text(cell.group(1)));
		}
		return cells;
	}

}
