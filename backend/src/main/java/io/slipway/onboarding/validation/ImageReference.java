package io.slipway.onboarding.validation;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A container image reference parsed the way the Docker distribution library does
 * ({@code [registry[:port]/]path[:tag][@digest]}): the first path component is a registry when it
 * has a '.' or a ':' or is {@code localhost}; otherwise the image lives on Docker Hub
 * ({@code docker.io}, with {@code library/} for single-component names).
 *
 * @param registry registry host (and port), lower-cased; {@code docker.io} when implicit
 * @param path repository path inside the registry
 * @param tag tag, or {@code null}
 * @param digest digest ({@code sha256:…}), or {@code null}
 */
public record ImageReference(String registry, String path, @Nullable String tag, @Nullable String digest) {

	/** Registry of references that name none. */
	public static final String DEFAULT_REGISTRY = "docker.io";

	private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";

	private static final Pattern DOMAIN = Pattern
		.compile(DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*(?::[0-9]{1,5})?");

	private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*");

	private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

	private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}");

	// The distribution library's limit on the name part.
	private static final int MAX_NAME = 255;

	/**
	 * Parses a reference.
	 * @param text the reference as written
	 * @return the reference, or empty when the text is not one
	 */
	public static Optional<ImageReference> parse(String text) {
		String name = text;
		String digest = null;
		int at = name.indexOf('@');
		if (at >= 0) {
			digest = name.substring(at + 1);
			name = name.substring(0, at);
		}
		// A ':' after the last '/' starts the tag; one before it belongs to a registry port.
		String tag = null;
		int colon = name.indexOf(':', name.lastIndexOf('/') + 1);
		if (colon >= 0) {
			tag = name.substring(colon + 1);
			name = name.substring(0, colon);
		}
		if (name.isEmpty() || name.length() > MAX_NAME || (tag != null && !isTag(tag))
				|| (digest != null && !DIGEST.matcher(digest).matches())) {
			return Optional.empty();
		}
		String registry = DEFAULT_REGISTRY;
		String path = name;
		int slash = name.indexOf('/');
		if (slash > 0) {
			String first = name.substring(0, slash);
			if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
				if (!DOMAIN.matcher(first).matches()) {
					return Optional.empty();
				}
				registry = first.toLowerCase(Locale.ROOT);
				path = name.substring(slash + 1);
			}
		}
		else if (slash < 0) {
			path = "library/" + name;
		}
		for (String component : path.split("/", -1)) {
			if (!PATH_COMPONENT.matcher(component).matches()) {
				return Optional.empty();
			}
		}
		return Optional.of(new ImageReference(registry, path, tag, digest));
	}

	/** Whether the text is a valid image tag: up to 128 word characters, '.' and '-', not starting with '.' or '-'. */
	public static boolean isTag(String text) {
		return TAG.matcher(text).matches();
	}

	/** Registry and path, e.g. {@code ghcr.io/acme/payments} or {@code docker.io/library/nginx}. */
	public String repository() {
		return this.registry + "/" + this.path;
	}

	/**
	 * Whether the repository lies under a trusted prefix: a registry ({@code ghcr.io}) or a
	 * registry and path prefix ({@code ghcr.io/acme}), matched on whole path components so that
	 * {@code ghcr.io/acme} does not trust {@code ghcr.io/acme-evil}.
	 */
	public boolean isUnder(String trustedPrefix) {
		String prefix = trustedPrefix.trim().toLowerCase(Locale.ROOT);
		while (prefix.endsWith("/")) {
			prefix = prefix.substring(0, prefix.length() - 1);
		}
		if (prefix.isEmpty()) {
			return false;
		}
		String repository = repository();
		return repository.equals(prefix) || repository.startsWith(prefix + "/");
	}

}
