package io.slipway.onboarding.validation;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds secrets pasted into plain values of a service spec. Whatever a spec holds ends up in Git,
 * in a change request and in the rendered manifests, where a secret is readable by everyone with
 * access to the infra repository and stays in its history; secrets belong in Kubernetes Secrets
 * referenced through {@code secretEnv}.
 * <p>
 * Recognised, in this order (the first match names the kind):
 * <ol>
 * <li>well-known formats: AWS access key IDs, Google Cloud API keys and OAuth client secrets,
 * Azure storage keys, SAS signatures and Entra ID client secrets, PEM private key blocks,
 * GitHub, GitLab, Slack and Stripe tokens, Slack webhook URLs, JWTs, {@code Bearer}/{@code Basic}
 * credentials;</li>
 * <li>assignments of a credential-named key ({@code password=…}, {@code secret: …},
 * {@code api_key=…}, {@code access_token=…}) and URLs with {@code user:password@};</li>
 * <li>for environment variables, a literal value in a variable named like a secret
 * ({@code *_PASSWORD}, {@code *_SECRET}, {@code *_TOKEN}, {@code *_API_KEY}, …);</li>
 * <li>high-entropy tokens (see below).</li>
 * </ol>
 * Placeholders are not secrets: values starting with {@code $} ({@code ${DB_PASSWORD}},
 * Kubernetes' {@code $(DB_PASSWORD)}), {@code <}, <code>{{</code> or {@code %}, masks made of
 * {@code *}, and {@code true}/{@code false}.
 * <p>
 * <b>High entropy.</b> The value is cut into tokens at every character outside
 * {@code [A-Za-z0-9+/=_-]} (so host names, dotted versions and key/value text fall apart into
 * short words); a token that starts with {@code /}, holds {@code //} or whose {@code /}-separated
 * parts are word-like (at most two changes of character class each, like {@code Users123}) is a
 * path or URL and is cut at {@code /} too. A token is flagged when all of these hold:
 * <ul>
 * <li>it is at least {@value #MIN_ENTROPY_LENGTH} characters long (after trailing {@code =});</li>
 * <li>it holds upper-case letters, lower-case letters and digits: generated keys (base64,
 * base62) almost always do, while names, constants, ULIDs and slugs do not;</li>
 * <li>at least {@value #MIN_CLASS_SWITCHES} of its neighbouring characters change class (upper,
 * lower, digit, other): about 0.62 in random base62, about 0.3 in camel-case identifiers such as
 * {@code KafkaConsumerGroupV3Rebalance};</li>
 * <li>it is not only hex digits and dashes: commit SHAs, image digests and UUIDs are identifiers
 * that legitimately appear in configuration (a hex-encoded secret is the accepted miss);</li>
 * <li>its Shannon entropy in bits per character reaches
 * {@code min(}{@value #MAX_ENTROPY_THRESHOLD}{@code , }{@value #ENTROPY_FACTOR}{@code  × log2(length))}:
 * a random token of length n scores close to log2(n) (every character distinct), while words
 * repeat letters. The cap keeps long random tokens, whose alphabet rather than length limits the
 * score (6 bits for base64), detectable.</li>
 * </ul>
 * Tuned with the tests: 20+ character random base62/base64 tokens are found; UUIDs, SHAs, semver,
 * host names, URLs and paths, camel-case identifiers and ordinary sentences are not.
 * <p>
 * Thread-safe and stateless.
 */
public final class SecretScanner {

	/** Shortest token the entropy rule looks at. */
	public static final int MIN_ENTROPY_LENGTH = 20;

	/** Fraction of the maximum entropy (log2 of the length) a token must reach. */
	public static final double ENTROPY_FACTOR = 0.8;

	/** Entropy that always suffices, in bits per character. */
	public static final double MAX_ENTROPY_THRESHOLD = 4.25;

	/**
	 * Share of neighbouring character pairs that must change class (upper, lower, digit, other):
	 * about 0.62 in random base62, about 0.3 in camel-case words.
	 */
	public static final double MIN_CLASS_SWITCHES = 0.4;

	private static final List<Detector> FORMATS = List.of(
			new Detector(SecretKind.PRIVATE_KEY, "-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----"),
			new Detector(SecretKind.AWS_ACCESS_KEY,
					"(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])"),
			new Detector(SecretKind.GCP_KEY,
					"(?<![A-Za-z0-9_-])(?:AIza[0-9A-Za-z_-]{35}|GOCSPX-[0-9A-Za-z_-]{28})(?![A-Za-z0-9_-])"),
			new Detector(SecretKind.AZURE_KEY,
					"(?i:AccountKey|SharedAccessKey)=[A-Za-z0-9+/]{20,}={0,2}|[?&]sig=[A-Za-z0-9%+/]{20,}"
							+ "|(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])"),
			new Detector(SecretKind.GITHUB_TOKEN,
					"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})"),
			new Detector(SecretKind.GITLAB_TOKEN,
					"(?<![A-Za-z0-9_-])gl(?:pat|dt|rt|ptt|cbt|imt|ft|soat)-[0-9A-Za-z_-]{20,}"),
			new Detector(SecretKind.SLACK_TOKEN,
					"(?<![A-Za-z0-9])xox[abposr]-[0-9A-Za-z-]{10,}"
							+ "|hooks\\.slack\\.com/(?:services|workflows)/[A-Za-z0-9_-]+/"),
			new Detector(SecretKind.STRIPE_KEY, "(?<![A-Za-z0-9])(?:sk|rk)_live_[0-9A-Za-z]{20,}"),
			new Detector(SecretKind.JWT,
					"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*"),
			new Detector(SecretKind.AUTHORIZATION_HEADER,
					"(?i)\\b(?:bearer|basic)\\s+(?=[A-Za-z._~+/-]*[0-9])[A-Za-z0-9._~+/-]{16,}=*"));

	// The key must end in the credential word, so matching starts at the word: "token_type=bearer"
	// and "passwordless=true" are not credentials, "access_token=…" and "DB_PASSWORD: …" are.
	// Bounded repetitions keep a hostile 256 KiB value from making these patterns quadratic.
	private static final Pattern ASSIGNMENT = Pattern.compile("(?i)(?:password|passwd|secret|token|api[_-]?key"
			+ "|access[_-]?key|secret[_-]?key|private[_-]?key|client[_-]?secret|credentials?)[\"']?\\s{0,8}[:=]\\s{0,8}[\"']?([^\\s\"'&;,]{1,256})");

	private static final Pattern URL_CREDENTIALS = Pattern
		.compile("(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,31}://[^\\s/:@]{1,256}:([^\\s/@]{1,256})@");

	private static final Pattern SECRET_NAME = Pattern.compile("(?i)(?:^|_)(?:PASSWORD|PASSWD|PASS|SECRET|TOKEN"
			+ "|API_?KEY|ACCESS_?KEY|SECRET_?KEY|PRIVATE_?KEY|CLIENT_?SECRET|CREDENTIALS?|AUTH_?KEY"
			+ "|ENCRYPTION_?KEY|SIGNING_?KEY|MASTER_?KEY|HMAC_?KEY)$");

	private static final Pattern TOKEN_SEPARATOR = Pattern.compile("[^A-Za-z0-9+/=_-]+");

	private static final Pattern HEX_LIKE = Pattern.compile("[0-9a-fA-F-]+");

	private static final Pattern MASK = Pattern.compile("\\*+");

	private SecretScanner() {
	}

	/**
	 * Looks for a secret in a plain value.
	 * @param value any text of the spec
	 * @return the kind of the first secret found, or empty
	 */
	public static Optional<SecretKind> find(String value) {
		for (Detector detector : FORMATS) {
			if (detector.pattern.matcher(value).find()) {
				return Optional.of(detector.kind);
			}
		}
		if (anyLiteral(ASSIGNMENT.matcher(value))) {
			return Optional.of(SecretKind.CREDENTIAL_ASSIGNMENT);
		}
		if (anyLiteral(URL_CREDENTIALS.matcher(value))) {
			return Optional.of(SecretKind.URL_CREDENTIALS);
		}
		return highEntropy(value) ? Optional.of(SecretKind.HIGH_ENTROPY) : Optional.empty();
	}

	/**
	 * Looks for a secret in a plain environment variable, where the name is a hint as well: a
	 * literal in {@code DB_PASSWORD} is a password whatever it looks like.
	 * @param name the variable name
	 * @param value its value
	 * @return the kind of the first secret found, or empty
	 */
	public static Optional<SecretKind> findInVariable(String name, String value) {
		Optional<SecretKind> found = find(value);
		if (found.isPresent()) {
			return found;
		}
		if (SECRET_NAME.matcher(name).find() && isLiteral(value.strip())) {
			return Optional.of(SecretKind.SECRET_NAMED_VARIABLE);
		}
		return Optional.empty();
	}

	/**
	 * Shannon entropy of the text in bits per character.
	 * @param text any text
	 * @return 0 for empty text, at most log2 of the number of distinct characters
	 */
	public static double entropy(String text) {
		if (text.isEmpty()) {
			return 0;
		}
		int[] counts = text.codePoints().sorted().toArray();
		double entropy = 0;
		int run = 1;
		for (int i = 1; i <= counts.length; i++) {
			if (i < counts.length && counts[i] == counts[i - 1]) {
				run++;
				continue;
			}
			double p = (double) run / counts.length;
			entropy -= p * (Math.log(p) / Math.log(2));
			run = 1;
		}
		return entropy;
	}

	private static boolean anyLiteral(Matcher matcher) {
		while (matcher.find()) {
			if (isLiteral(matcher.group(1))) {
				return true;
			}
		}
		return false;
	}

	private static boolean isLiteral(String value) {
		if (value.isEmpty() || value.startsWith("$") || value.startsWith("<") || value.startsWith("{{")
				|| value.startsWith("%") || MASK.matcher(value).matches()) {
			return false;
		}
		return !value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false");
	}

	private static boolean highEntropy(String value) {
		for (String token : TOKEN_SEPARATOR.split(value)) {
			if (isPath(token)) {
				for (String segment : token.split("/")) {
					if (looksGenerated(segment)) {
						return true;
					}
				}
			}
			else if (looksGenerated(token)) {
				return true;
			}
		}
		return false;
	}

	// Base64 keys hold a '/' now and then; paths are words joined by '/'.
	private static boolean isPath(String token) {
		if (!token.contains("/")) {
			return false;
		}
		if (token.startsWith("/") || token.contains("//")) {
			return true;
		}
		for (String segment : token.split("/")) {
			if (classSwitches(segment) > 2) {
				return false;
			}
		}
		return true;
	}

	private static boolean looksGenerated(String token) {
		int end = token.length();
		while (end > 0 && token.charAt(end - 1) == '=') {
			end--;
		}
		String candidate = token.substring(0, end);
		if (candidate.length() < MIN_ENTROPY_LENGTH || HEX_LIKE.matcher(candidate).matches()) {
			return false;
		}
		boolean upper = candidate.chars().anyMatch(c -> c >= 'A' && c <= 'Z');
		boolean lower = candidate.chars().anyMatch(c -> c >= 'a' && c <= 'z');
		boolean digit = candidate.chars().anyMatch(c -> c >= '0' && c <= '9');
		if (!(upper && lower && digit)) {
			return false;
		}
		if (classSwitches(candidate) < MIN_CLASS_SWITCHES * (candidate.length() - 1)) {
			return false;
		}
		double threshold = Math.min(MAX_ENTROPY_THRESHOLD,
				ENTROPY_FACTOR * (Math.log(candidate.length()) / Math.log(2)));
		return entropy(candidate) >= threshold;
	}

	// How often neighbouring characters change class (upper, lower, digit, other).
	private static int classSwitches(String token) {
		int switches = 0;
		for (int i = 1; i < token.length(); i++) {
			if (characterClass(token.charAt(i)) != characterClass(token.charAt(i - 1))) {
				switches++;
			}
		}
		return switches;
	}

	private static int characterClass(char c) {
		if (c >= 'A' && c <= 'Z') {
			return 0;
		}
		if (c >= 'a' && c <= 'z') {
			return 1;
		}
		return (c >= '0' && c <= '9') ? 2 : 3;
	}

	private record Detector(SecretKind kind, Pattern pattern) {

		Detector(SecretKind kind, String regex) {
			this(kind, Pattern.compile(regex));
		}

	}

}
