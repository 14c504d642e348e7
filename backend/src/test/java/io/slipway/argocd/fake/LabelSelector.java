package io.slipway.argocd.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/**
 * The subset of Kubernetes label selector syntax the portal can send: {@code k=v}, {@code k==v},
 * {@code k!=v}, {@code k}, {@code !k}, {@code k in (a,b)}, {@code k notin (a,b)}, comma-separated.
 */
final class LabelSelector {

	private final List<Predicate<JsonNode>> requirements;

	private LabelSelector(List<Predicate<JsonNode>> requirements) {
		this.requirements = requirements;
	}

	/**
	 * @throws ArgoError 500 as Argo CD answers an unparsable selector
	 */
	static LabelSelector parse(String selector) {
		List<Predicate<JsonNode>> requirements = new ArrayList<>();
		for (String term : split(selector)) {
			String t = term.trim();
			if (t.isEmpty()) {
				continue;
			}
			requirements.add(requirement(t, selector));
		}
		return new LabelSelector(requirements);
	}

	/**
	 * @param labels {@code metadata.labels} (may be missing)
	 */
	boolean matches(JsonNode labels) {
		for (Predicate<JsonNode> requirement : this.requirements) {
			if (!requirement.test(labels)) {
				return false;
			}
		}
		return true;
	}

	private static Predicate<JsonNode> requirement(String term, String selector) {
		String[] words = term.split("\\s+", 3);
		if (words.length == 3 && (words[1].equals("in") || words[1].equals("notin"))) {
			String list = words[2].trim();
			if (!list.startsWith("(") || !list.endsWith(")")) {
				throw invalid(selector);
			}
			Set<String> values = Set.of(list.substring(1, list.length() - 1).trim().split("\\s*,\\s*"));
			String key = words[0];
			boolean in = words[1].equals("in");
			return (labels) -> {
				JsonNode value = labels.get(key);
				boolean contained = value != null && values.contains(value.asString());
				return in ? contained : !contained;
			};
		}
		int notEquals = term.indexOf("!=");
		if (notEquals > 0) {
			String key = term.substring(0, notEquals).trim();
			String value = term.substring(notEquals + 2).trim();
			return (labels) -> labels.get(key) == null || !labels.get(key).asString().equals(value);
		}
		int equals = term.indexOf('=');
		if (equals > 0) {
			String key = term.substring(0, equals).trim();
			String value = term.substring(term.startsWith("==", equals) ? equals + 2 : equals + 1).trim();
			return (labels) -> labels.get(key) != null && labels.get(key).asString().equals(value);
		}
		if (term.startsWith("!")) {
			String key = term.substring(1).trim();
			return (labels) -> labels.get(key) == null;
		}
		if (!term.matches("[A-Za-z0-9./_-]+")) {
			throw invalid(selector);
		}
		return (labels) -> labels.get(term) != null;
	}

	private static List<String> split(String selector) {
		List<String> terms = new ArrayList<>();
		int depth = 0;
		int start = 0;
		for (int i = 0; i < selector.length(); i++) {
			char c = selector.charAt(i);
			if (c == '(') {
				depth++;
			}
			else if (c == ')') {
				depth--;
			}
			else if (c == ',' && depth == 0) {
				terms.add(selector.substring(start, i));
				start = i + 1;
			}
		}
		terms.add(selector.substring(start));
		return terms;
	}

	private static ArgoError invalid(String selector) {
		return ArgoError.unknown("error parsing selector: unable to parse requirement: " + selector);
	}

}
