package io.slipway.onboarding.detection;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

import io.slipway.onboarding.detection.DetectionFailedException.Reason;
import org.eclipse.jgit.transport.URIish;

/**
 * A repository URL detection agreed to read: an absolute {@code file://} URL or an
 * {@code http(s)://} URL on an allowed host, without credentials, query or fragment. Everything
 * else (local paths, scp-like {@code git@host:path}, {@code ssh://}, {@code git://},
 * {@code ext::}) is refused before anything is contacted: JGit would otherwise run commands,
 * open SSH sessions or read arbitrary paths for them.
 *
 * @param uri what JGit opens
 * @param display the URL as shown in messages; it cannot carry credentials since those are refused
 */
record RepositoryUrl(URIish uri, String display) {

	private static final int MAX_LENGTH = 2048;

	static RepositoryUrl parse(String raw, DetectionProperties properties) {
		String text = raw.strip();
		if (text.isEmpty()) {
			throw refused("the repository URL is empty; enter a file://, http:// or https:// URL");
		}
		if (text.length() > MAX_LENGTH) {
			throw refused("the repository URL is longer than " + MAX_LENGTH + " characters");
		}
		if (!text.codePoints().allMatch((c) -> c > 0x20 && c < 0x7f)) {
			throw refused("the repository URL '" + shorten(text)
					+ "' contains spaces or characters outside ASCII; percent-encode them");
		}
		URI uri;
		try {
			uri = new URI(text);
		}
		catch (URISyntaxException ex) {
			throw refused("'" + shorten(text) + "' is not a URL; enter a file://, http:// or https:// URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (scheme == null || uri.isOpaque()) {
			throw refused("'" + shorten(text) + "' is not a file://, http:// or https:// URL; local paths, "
					+ "scp-like addresses (git@host:path) and other schemes are not read");
		}
		if (!properties.allowedSchemes().contains(scheme)) {
			throw refused("the URL scheme " + scheme + ":// is not accepted; language detection reads "
					+ String.join(", ", properties.allowedSchemes().stream().map((s) -> s + "://").toList())
					+ " URLs");
		}
		if (uri.getRawUserInfo() != null) {
			throw refused("the repository URL carries credentials; language detection reads public repositories, "
					+ "so remove the user and password from it");
		}
		if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
			throw refused("the repository URL '" + shorten(text) + "' has a query or fragment; Git URLs have neither");
		}
		if (scheme.equals("file")) {
			checkFileUrl(uri, text);
		}
		else {
			checkHttpUrl(uri, text, properties.allowedHosts());
		}
		try {
			// JGit matches schemes case-sensitively
			return new RepositoryUrl(new URIish(scheme + text.substring(scheme.length())), text);
		}
		catch (URISyntaxException ex) {
			throw refused("'" + shorten(text) + "' is not a Git URL: " + ex.getReason());
		}
	}

	private static void checkFileUrl(URI uri, String text) {
		// JGit opens file URLs with a host as something else than a local path
		if (uri.getRawAuthority() != null) {
			throw refused("the file URL '" + shorten(text) + "' names a host; file URLs read this machine only "
					+ "(file:///path/to/repo.git)");
		}
		String path = uri.getPath();
		if (path == null || !path.startsWith("/")) {
			throw refused("the file URL '" + shorten(text) + "' has no absolute path (file:///path/to/repo.git)");
		}
	}

	private static void checkHttpUrl(URI uri, String text, List<String> allowedHosts) {
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			throw refused("the URL '" + shorten(text) + "' names no host");
		}
		String normalized = host.toLowerCase(Locale.ROOT);
		if (!allowedHosts.isEmpty() && allowedHosts.stream().noneMatch((allowed) -> matches(allowed, normalized))) {
			throw refused("the host " + normalized + " is not in slipway.onboarding.detection.allowed-hosts ("
					+ String.join(", ", allowedHosts) + ")");
		}
	}

	private static boolean matches(String allowed, String host) {
		if (allowed.startsWith("*.")) {
			return host.endsWith(allowed.substring(1));
		}
		return host.equals(allowed);
	}

	private static DetectionFailedException refused(String message) {
		return new DetectionFailedException(Reason.REFUSED, message);
	}

	// keeps messages readable when someone pastes a page of text into the field
	private static String shorten(String text) {
		return (text.length() <= 200) ? text : text.substring(0, 200) + "…";
	}

}
