package io.slipway.forge;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which forge holds the change requests, and how to reach it ({@code slipway.forge.*}).
 * <p>
 * With {@code type: none} (the default) nothing else is read and Slipway keeps its own change
 * requests. Any other type needs a token and a repository; a missing or malformed setting stops
 * the start with a message naming the key. The token never appears in {@link #toString()}, logs or
 * error messages.
 *
 * @param type the forge: {@code none}, {@code github}, {@code gitlab} or {@code gitea}
 * @param url the base URL of the forge's REST API: GitHub {@code https://api.github.com} (the
 * default for {@code github}; GitHub Enterprise Server {@code https://ghe.example.com/api/v3}),
 * GitLab {@code https://gitlab.example.com/api/v4}, Gitea {@code https://gitea.example.com/api/v1}
 * @param token the access token: GitHub a fine-grained token with pull requests and issues
 * read/write (classic: {@code repo}); GitLab a personal, project or group access token with
 * {@code api} scope; Gitea a token with repository read/write and issue read
 * @param repository the repository the infra changes go to: {@code owner/name} on GitHub and Gitea,
 * the full project path ({@code group/subgroup/name}) or numeric project id on GitLab
 * @param timeout how long one HTTP request to the forge may take before it fails
 */
@ConfigurationProperties("slipway.forge")
public record ForgeProperties(@DefaultValue("none") Type type, @Nullable String url, @Nullable String token,
		@Nullable String repository, @DefaultValue("20s") Duration timeout) {

	/** The public GitHub API, used when {@code type} is {@code github} and no {@code url} is set. */
	public static final String GITHUB_API = "https://api.github.com";

	public ForgeProperties {
		url = blankToNull(url);
		token = blankToNull(token);
		repository = blankToNull(repository);
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("slipway.forge.timeout must be positive, was " + timeout);
		}
		if (type != Type.NONE) {
			if (url == null && type == Type.GITHUB) {
				url = GITHUB_API;
			}
			url = checkUrl(type, url);
			if (token == null) {
				throw new IllegalArgumentException(
						"slipway.forge.token must be set when slipway.forge.type is " + type.key());
			}
			checkRepository(type, repository);
		}
	}

	/**
	 * The settings for a forge, with the default timeout; handy for wiring by hand.
	 */
	public static ForgeProperties of(Type type, @Nullable String url, String token, String repository) {
		return new ForgeProperties(type, url, token, repository, Duration.ofSeconds(20));
	}

	/**
	 * Whether a forge holds the change requests.
	 * @return {@code false} for {@code type: none}
	 */
	public boolean enabled() {
		return this.type != Type.NONE;
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static String checkUrl(Type type, @Nullable String url) {
		if (url == null) {
			throw new IllegalArgumentException("slipway.forge.url must be set when slipway.forge.type is " + type.key()
					+ ", e.g. " + type.exampleUrl());
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("slipway.forge.url is not a URL: " + ex.getReason());
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
			throw new IllegalArgumentException(
					"slipway.forge.url must be an http(s) URL of the API, e.g. " + type.exampleUrl());
		}
		if (uri.getRawUserInfo() != null) {
			// a password in the URL would end up in messages; the token has its own key
			throw new IllegalArgumentException("slipway.forge.url must not hold credentials; use slipway.forge.token");
		}
		return url.replaceAll("/+$", "");
	}

	private static void checkRepository(Type type, @Nullable String repository) {
		if (repository == null) {
			throw new IllegalArgumentException(
					"slipway.forge.repository must be set when slipway.forge.type is " + type.key());
		}
		String[] parts = repository.split("/", -1);
		boolean valid = (type == Type.GITLAB) ? !repository.startsWith("/") && !repository.endsWith("/")
				: parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty();
		if (!valid) {
			throw new IllegalArgumentException("slipway.forge.repository must be "
					+ ((type == Type.GITLAB) ? "the project path (group/name) or id" : "owner/name") + ", was '"
					+ repository + "'");
		}
	}

	// Records print every component; the token must never reach a log line.
	@Override
	public String toString() {
		return "ForgeProperties[type=" + this.type.key() + ", url=" + this.url + ", token="
				+ ((this.token != null) ? "****" : "none") + ", repository=" + this.repository + ", timeout="
				+ this.timeout + "]";
	}

	/**
	 * The forges Slipway can open change requests on.
	 */
	public enum Type {

		/** No forge: Slipway keeps its own change requests and merges them with JGit. */
		NONE("none", "none", ""),

		/** GitHub or GitHub Enterprise Server: pull requests through the REST API (2022-11-28). */
		GITHUB("github", "GitHub", GITHUB_API),

		/** GitLab: merge requests through the REST API v4. */
		GITLAB("gitlab", "GitLab", "https://gitlab.example.com/api/v4"),

		/** Gitea (and Forgejo): pull requests through the REST API v1. */
		GITEA("gitea", "Gitea", "https://gitea.example.com/api/v1");

		private final String key;

		private final String displayName;

		private final String exampleUrl;

		Type(String key, String displayName, String exampleUrl) {
			this.key = key;
			this.displayName = displayName;
			this.exampleUrl = exampleUrl;
		}

		/**
		 * The value of {@code slipway.forge.type} that selects this forge.
		 */
		public String key() {
			return this.key;
		}

		/**
		 * The name people know the forge by, e.g. {@code GitHub}; used in messages.
		 */
		public String displayName() {
			return this.displayName;
		}

		String exampleUrl() {
			return this.exampleUrl;
		}

	}

}
