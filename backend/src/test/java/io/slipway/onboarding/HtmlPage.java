package io.slipway.onboarding;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.attoparser.ParseException;
import org.attoparser.config.ParseConfiguration;
import org.attoparser.dom.DOMMarkupParser;
import org.attoparser.dom.Document;
import org.attoparser.dom.Element;
import org.attoparser.dom.INestableNode;
import org.attoparser.dom.INode;
import org.attoparser.dom.Text;

import org.springframework.web.util.HtmlUtils;

/**
 * A rendered page as a tree, read with AttoParser (the parser Thymeleaf itself uses), so tests
 * ask what a person would: which label belongs to which input, what an error next to a field
 * says, what a table cell holds.
 */
final class HtmlPage {

	private final List<Element> elements = new ArrayList<>();

	private HtmlPage(Document document) {
		collect(document);
	}

	static HtmlPage parse(String html) {
		try {
			return new HtmlPage(new DOMMarkupParser(ParseConfiguration.htmlConfiguration()).parse(html));
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("error parsing the page: " + ex.getMessage(), ex);
		}
	}

	/** Every element of this name, in document order. */
	List<Element> all(String name) {
		return this.elements.stream().filter((element) -> element.elementNameMatches(name)).toList();
	}

	/** Every element of this name matching the condition. */
	List<Element> all(String name, Predicate<Element> condition) {
		return all(name).stream().filter(condition).toList();
	}

	Optional<Element> byId(String id) {
		return this.elements.stream().filter((element) -> id.equals(attribute(element, "id"))).findFirst();
	}

	Element get(String id) {
		return byId(id).orElseThrow(() -> new AssertionError("no element with id " + id));
	}

	/** The input (or select) a label with exactly this text is for. */
	Optional<Element> labelled(String label) {
		return all("label", (element) -> text(element).equals(label)).stream()
			.findFirst()
			.map((element) -> attribute(element, "for"))
			.flatMap(this::byId);
	}

	/** The text of an element and its descendants, entities decoded, blanks collapsed. */
	static String text(INode node) {
		StringBuilder text = new StringBuilder();
		appendText(node, text);
		return text.toString().replaceAll("\\s+", " ").strip();
	}

	/** An attribute's value, entities decoded; {@code null} when absent. */
	static String attribute(Element element, String name) {
		String value = element.getAttributeValue(name);
		return (value != null) ? HtmlUtils.htmlUnescape(value) : null;
	}

	private static void appendText(INode node, StringBuilder text) {
		if (node instanceof Text content) {
			text.append(HtmlUtils.htmlUnescape(content.getContent()));
		}
		else if (node instanceof INestableNode nestable) {
			for (INode child : nestable.getChildren()) {
				appendText(child, text);
			}
			text.append(' ');
		}
	}

	private void collect(INestableNode node) {
		for (INode child : node.getChildren()) {
			if (child instanceof Element element) {
				this.elements.add(element);
			}
			if (child instanceof INestableNode nestable) {
				collect(nestable);
			}
		}
	}

}
