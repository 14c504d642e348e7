package io.slipway.argocd;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How to reach Argo CD ({@code slipway.argocd.*}).
 * <p>
 * Without a {@code url} Slipway is not connected: the client exists but every call fails with
 * {@link ArgoCdException.NotConfigured}. With one, it needs either a {@code token} or a
 * {@code username} and {@code password}; a malformed or incomplete setting stops the start with a
 * message naming the key. The token and password never appear in {@link #toString()}, logs or
 * error messages.
 *
 * @param url the Argo CD server, e.g. {@code https://argocd.example.com} (with the
 * {@code --rootpath} if the server runs under one); {@code null} for not connected
 * @param token a bearer JWT, e.g. an API key of a local account with the {@code apiKey}
 * capability (suits a server better than a password login)
 * @param username a local account to log in as ({@code POST /api/v1/session}), with
 * {@code password}; the session token is renewed when Argo CD answers 401
 * @param password the account's password
 * @param caFile a PEM file with the certificate(s) that sign the server's certificate, for a
 * server whose certificate the JVM does not trust
 * @param insecure trust any certificate and host name; only for a test server, logged as a warning
 * @param connectTimeout how long opening a connection may take
 * @param readTimeout how long Argo CD may stay silent during an answer
 * @param refreshTimeout how long a refresh may take: Argo CD answers only once its controller has
 * compared the application with Git again
 * @param streamIdleTimeout how long the event stream may stay silent before it counts as dead;
 * Argo CD sends a keepalive every 15 s, so keep this well above that
 * @param retryAttempts attempts of an idempotent read when Argo CD is unavailable (1 = no retry)
 * @param retryBackoff the first pause between attempts, doubled each time, with jitter
 * @param circuitOpenDuration how long calls fail fast after repeated failures before one is tried
 * again
 * @param maxResponseSize the largest answer read (a list of every application is the largest)
 * @param uiUrl where people open Argo CD's UI; {@code null} for the {@code url}
 * @param namespace the namespace Argo CD itself runs in (its control plane), where it looks an
 * application up when a call names no {@code appNamespace}; applications elsewhere (apps in any
 * namespace) are addressed with their own namespace
 */
@ConfigurationProperties("slipway.argocd")
public record ArgoCdProperties(@Nullable String url, @Nullable String token, @Nullable String username,
		@Nullable String password, @Nullable String caFile, @DefaultValue("false") boolean insecure,
		@DefaultValue("5s") Duration connectTimeout, @DefaultValue("30s") Duration readTimeout,
		@DefaultValue("2m") Duration refreshTimeout, @DefaultValue("45s") Duration streamIdleTimeout,
		@DefaultValue("3") int retryAttempts, @DefaultValue("200ms") Duration retryBackoff,
		@DefaultValue("30s") Duration circuitOpenDuration, @DefaultValue("64MB") DataSize maxResponseSize,
		@Nullable String uiUrl, @DefaultValue("argocd") String namespace) {

	public ArgoCdProperties {
		url = blankToNull(url);
		token = blankToNull(token);
		username = blankToNull(username);
		// a password may well start or end with a space; only an empty one counts as unset
		password = (password == null || password.isEmpty()) ? null : password;
		caFile = blankToNull(caFile);
		uiUrl = blankToNull(uiUrl);
		namespace = (namespace == null || namespace.isBlank()) ? "argocd" : namespace.strip();
		if (!namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
			throw new IllegalArgumentException(
					"slipway.argocd.namespace must be a Kubernetes namespace name, was '" + namespace + "'");
		}
		positive("connect-timeout", connectTimeout);
		positive("read-timeout", readTimeout);
		positive("refresh-timeout", refreshTimeout);
		positive("stream-idle-timeout", streamIdleTimeout);
		positive("circuit-open-duration", circuitOpenDuration);
		if (retryBackoff.isNegative()) {
			throw new IllegalArgumentException("slipway.argocd.retry-backoff must not be negative, was " + retryBackoff);
		}
		if (retryAttempts < 1) {
			throw new IllegalArgumentException("slipway.argocd.retry-attempts must be at least 1, was " + retryAttempts);
		}
		if (maxResponseSize.toBytes() < 1024 || maxResponseSize.toBytes() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(
					"slipway.argocd.max-response-size must be between 1KB and 2GB, was " + maxResponseSize);
		}
		if (url != null) {
			url = checkUrl("url", url);
			uiUrl = (uiUrl != null) ? checkUrl("ui-url", uiUrl) : null;
			checkCredentials(token, username, password);
			if (caFile != null) {
				if (insecure) {
					throw new IllegalArgumentException(
							"slipway.argocd.ca-file and slipway.argocd.insecure exclude each other: set one");
				}
				if (!Files.isReadable(Path.of(caFile))) {
					throw new IllegalArgumentException("slipway.argocd.ca-file cannot be read: " + caFile);
				}
			}
		}
	}

	/**
	 * Settings for a server reached with a bearer token, every other setting at its default.
	 * @param url the Argo CD server
	 * @param token a bearer JWT
	 * @return the settings
	 */
	public static ArgoCdProperties withToken(String url, String token) {
		return defaults(url, token, null, null);
	}

	/**
	 * Settings for a server reached by logging in as a local account, every other setting at its
	 * default.
	 * @param url the Argo CD server
	 * @param username the account
	 * @param password its password
	 * @return the settings
	 */
	public static ArgoCdProperties withLogin(String url, String username, String password) {
		return defaults(url, null, username, password);
	}

	/**
	 * @return settings without a server: not connected
	 */
	public static ArgoCdProperties notConfigured() {
		return defaults(null, null, null, null);
	}

	private static ArgoCdProperties defaults(@Nullable String url, @Nullable String token, @Nullable String username,
			@Nullable String password) {
		return new ArgoCdProperties(url, token, username, password, null, false, Duration.ofSeconds(5),
				Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofSeconds(45), 3, Duration.ofMillis(200),
				Duration.ofSeconds(30), DataSize.ofMegabytes(64), null, "argocd");
	}

	/**
	 * @param connect how long opening a connection may take
	 * @param read how long Argo CD may stay silent during an answer
	 * @param refresh how long a refresh may take
	 * @param streamIdle how long the event stream may stay silent
	 * @return these settings with other timeouts
	 */
	public ArgoCdProperties withTimeouts(Duration connect, Duration read, Duration refresh, Duration streamIdle) {
		return new ArgoCdProperties(this.url, this.token, this.username, this.password, this.caFile, this.insecure,
				connect, read, refresh, streamIdle, this.retryAttempts, this.retryBackoff, this.circuitOpenDuration,
				this.maxResponseSize, this.uiUrl, this.namespace);
	}

	/**
	 * @param attempts attempts of an idempotent read
	 * @param backoff the first pause between attempts
	 * @param circuitOpen how long calls fail fast after repeated failures
	 * @return these settings with another retry and circuit breaker behaviour
	 */
	public ArgoCdProperties withResilience(int attempts, Duration backoff, Duration circuitOpen) {
		return new ArgoCdProperties(this.url, this.token, this.username, this.password, this.caFile, this.insecure,
				this.connectTimeout, this.readTimeout, this.refreshTimeout, this.streamIdleTimeout, attempts, backoff,
				circuitOpen, this.maxResponseSize, this.uiUrl, this.namespace);
	}

	/**
	 * @param caFile a PEM file with the CA certificate(s), or {@code null} for the JVM's trust store
	 * @param insecure whether to trust any certificate
	 * @return these settings with another way to trust the server
	 */
	public ArgoCdProperties withTrust(@Nullable String caFile, boolean insecure) {
		return new ArgoCdProperties(this.url, this.token, this.username, this.password, caFile, insecure,
				this.connectTimeout, this.readTimeout, this.refreshTimeout, this.streamIdleTimeout, this.retryAttempts,
				this.retryBackoff, this.circuitOpenDuration, this.maxResponseSize, this.uiUrl, this.namespace);
	}

	/**
	 * @param namespace the namespace Argo CD runs in
	 * @return these settings with another control-plane namespace
	 */
	public ArgoCdProperties withNamespace(String namespace) {
		return new ArgoCdProperties(this.url, this.token, this.username, this.password, this.caFile, this.insecure,
				this.connectTimeout, this.readTimeout, this.refreshTimeout, this.streamIdleTimeout, this.retryAttempts,
				this.retryBackoff, this.circuitOpenDuration, this.maxResponseSize, this.uiUrl, namespace);
	}

	/**
	 * @return whether a server is configured
	 */
	public boolean configured() {
		return this.url != null;
	}

	/**
	 * @return where people open Argo CD's UI: {@code ui-url}, else {@code url}; {@code null} when
	 * not connected
	 */
	public @Nullable String uiBaseUrl() {
		return (this.uiUrl != null) ? this.uiUrl : this.url;
	}

	/**
	 * @return whether the client logs in with a username and password rather than a token
	 */
	public boolean sessionLogin() {
		return this.token == null && this.username != null;
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static void positive(String key, Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("slipway.argocd." + key + " must be positive, was " + duration);
		}
	}

	private static String checkUrl(String key, String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("slipway.argocd." + key + " is not a URL: " + ex.getReason());
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
			throw new IllegalArgumentException(
					"slipway.argocd." + key + " must be an http(s) URL, e.g. https://argocd.example.com");
		}
		if (uri.getRawUserInfo() != null) {
			// a password in the URL would end up in messages; credentials have their own keys
			throw new IllegalArgumentException("slipway.argocd." + key
					+ " must not hold credentials; use slipway.argocd.token or .username and .password");
		}
		if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
			throw new IllegalArgumentException("slipway.argocd." + key + " must not have a query or fragment");
		}
		return url.replaceAll("/+$", "");
	}

	private static void checkCredentials(@Nullable String token, @Nullable String username, @Nullable String password) {
		if (token != null && (username != null || password != null)) {
			throw new IllegalArgumentException(
					"slipway.argocd.token and slipway.argocd.username/password exclude each other: set one");
		}
		if (token == null && (username == null || password == null)) {
			throw new IllegalArgumentException("slipway.argocd.url needs slipway.argocd.token, or "
					+ "slipway.argocd.username and slipway.argocd.password");
		}
	}

	// Records print every component; the token and password must never reach a log line.
	@Override
	public String toString() {
		return "ArgoCdProperties[url=" + this.url + ", token=" + ((this.token != null) ? "****" : "none") + ", username="
				+ this.username + ", password=" + ((this.password != null) ? "****" : "none") + ", caFile="
				+ this.caFile + ", insecure=" + this.insecure + ", connectTimeout=" + this.connectTimeout
				+ ", readTimeout=" + this.readTimeout + ", refreshTimeout=" + this.refreshTimeout
				+ ", streamIdleTimeout=" + this.streamIdleTimeout + ", retryAttempts=" + this.retryAttempts
				+ ", retryBackoff=" + this.retryBackoff + ", circuitOpenDuration=" + this.circuitOpenDuration
				+ ", maxResponseSize=" + this.maxResponseSize + ", uiUrl=" + this.uiUrl + ", namespace=" + this.namespace
				+ "]";
	}

}
