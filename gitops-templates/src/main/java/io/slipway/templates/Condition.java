package io.slipway.templates;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code when}/{@code $when} condition: terms joined by {@code and}, each term
 * {@code [not] <path> [(==|!=) <word>]}. Deliberately tiny: a pack that needs more logic should get a
 * value computed by the caller, not a template language.
 */
final class Condition {

	private static final Pattern WORD = Pattern.compile("[A-Za-z0-9._-]+");

	private final String source;

	private final List<Term> terms;

	private Condition(String source, List<Term> terms) {
		this.source = source;
		this.terms = terms;
	}

	private record Term(boolean negated, String path, String operator, String literal) {
	}

	/**
	 * @throws IllegalArgumentException when the text is not a condition
	 */
	static Condition parse(String text) {
		String[] tokens = text.strip().split("\\s+");
		List<Term> terms = new ArrayList<>();
		int i = 0;
		while (true) {
			boolean negated = false;
			if (i < tokens.length && tokens[i].equals("not")) {
				negated = true;
				i++;
			}
			if (i >= tokens.length || !Placeholders.PATH.matcher(tokens[i]).matches()) {
				throw new IllegalArgumentException("malformed condition '" + text
						+ "': expected [not] <path> [(==|!=) <word>] joined by 'and'");
			}
			String path = tokens[i++];
			String operator = null;
			String literal = null;
			if (i < tokens.length && (tokens[i].equals("==") || tokens[i].equals("!="))) {
				operator = tokens[i++];
				if (i >= tokens.length || !WORD.matcher(tokens[i]).matches()) {
					throw new IllegalArgumentException("malformed condition '" + text + "': " + operator
							+ " needs a word (letters, digits, . _ -) after it");
				}
				literal = tokens[i++];
			}
			terms.add(new Term(negated, path, operator, literal));
			if (i == tokens.length) {
				break;
			}
			if (!tokens[i].equals("and")) {
				throw new IllegalArgumentException("malformed condition '" + text + "': unexpected '" + tokens[i]
						+ "' (only 'and' joins terms)");
			}
			i++;
		}
		return new Condition(text.strip(), List.copyOf(terms));
	}

	boolean test(Scope scope) {
		for (Term term : this.terms) {
			Object value = scope.lookup(term.path());
			boolean result;
			if (term.operator() == null) {
				result = Scope.truthy(value);
			}
			else {
				boolean equal = value != Scope.MISSING && value != null && Scope.isScalar(value)
						&& Scope.text(value).equals(term.literal());
				result = term.operator().equals("==") == equal;
			}
			if (result == term.negated()) {
				return false;
			}
		}
		return true;
	}

	List<String> paths() {
		return this.terms.stream().map(Term::path).toList();
	}

	@Override
	public String toString() {
		return this.source;
	}

}
