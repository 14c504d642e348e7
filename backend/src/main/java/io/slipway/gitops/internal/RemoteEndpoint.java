package io.slipway.gitops.internal;

import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.slipway.gitops.AuthenticationFailedException;
import io.slipway.gitops.GitOpsException;
import io.slipway.gitops.RemoteUnavailableException;
import io.slipway.gitops.TransportFailure;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.jspecify.annotations.Nullable;

/**
 * The remote end of the infra repository: opens transports with credentials and a timeout, and
 * turns JGit's transport failures into typed exceptions whose messages name the repository but
 * never a secret.
 */
final class RemoteEndpoint {

	/** The user name sent with a token when none is configured; most hosts ignore it. */
	static final String DEFAULT_USERNAME = "slipway";

	private final URIish uri;

	private final String displayUrl;

	private final @Nullable String username;

	private final @Nullable String token;

	private final Duration timeout;

	private final List<String> secrets = new ArrayList<>();

	RemoteEndpoint(String url, @Nullable String username, @Nullable String token, Duration timeout) {
		try {
			this.uri = new URIish(url);
		}
		catch (URISyntaxException ex) {
			// the raw URL may carry a password, so it stays out of the message
			throw new IllegalArgumentException("slipway.git.url is not a Git URL: " + ex.getReason());
		}
		this.displayUrl = this.uri.setUser(null).setPass(null).toString().replaceAll("/$", "");
		this.token = token;
		this.timeout = timeout;
		// a URL user without any password is how some hosts take a token (https://TOKEN@host/...)
		boolean urlUserIsSecret = this.uri.getUser() != null && this.uri.getPass() == null && token == null;
		this.username = (username != null) ? username : (urlUserIsSecret ? null : this.uri.getUser());
		addSecret(token);
		addSecret(this.uri.getPass());
		if (urlUserIsSecret) {
			addSecret(this.uri.getUser());
		}
	}

	private void addSecret(@Nullable String secret) {
		if (secret != null && !secret.isEmpty()) {
			this.secrets.add(secret);
		}
	}

	/**
	 * The URL without user name or password, safe to show and log.
	 */
	String displayUrl() {
		return this.displayUrl;
	}

	/**
	 * Opens a transport; the caller translates its failures with {@link #failure}.
	 */
	Transport open(Repository local) throws TransportException {
		try {
			Transport transport = Transport.open(local, this.uri);
			transport.setTimeout(timeoutSeconds());
			CredentialsProvider credentials = credentials();
			if (credentials != null) {
				transport.setCredentialsProvider(credentials);
			}
			return transport;
		}
		catch (NotSupportedException ex) {
			throw new GitOpsException("the infra repository URL " + this.displayUrl + " uses an unsupported protocol");
		}
	}

	// JGit applies the timeout per connect and per read, in whole seconds.
	private int timeoutSeconds() {
		return (int) Math.max(1, (this.timeout.toMillis() + 999) / 1000);
	}

	private @Nullable CredentialsProvider credentials() {
		if (this.token == null) {
			return null;
		}
		return new UsernamePasswordCredentialsProvider((this.username != null) ? this.username : DEFAULT_USERNAME,
				this.token);
	}

	/**
	 * Translates a transport failure into the exception an operator can act on.
	 *
	 * @param doing what Slipway was doing, e.g. "fetching from"
	 * @param failure what JGit threw
	 */
	GitOpsException failure(String doing, Exception failure) {
		Throwable cause = containsSecret(failure) ? null : failure;
		TransportFailure kind = TransportFailure.of(failure);
		if (kind == TransportFailure.AUTHENTICATION_REQUIRED) {
			if (this.token == null) {
				return new AuthenticationFailedException("the infra repository at " + this.displayUrl
						+ " requires credentials (HTTP 401); set slipway.git.username and slipway.git.token", cause);
			}
			return new AuthenticationFailedException("the infra repository at " + this.displayUrl
					+ " refused the credentials of user '" + effectiveUsername()
					+ "' (HTTP 401); check slipway.git.username and slipway.git.token", cause);
		}
		if (kind == TransportFailure.ACCESS_DENIED) {
			return new AuthenticationFailedException("the infra repository at " + this.displayUrl + " denied user '"
					+ effectiveUsername() + "' access (HTTP 403); check the permissions of slipway.git.token", cause);
		}
		return new RemoteUnavailableException(
				"cannot reach the infra repository at " + this.displayUrl + ": " + reason(kind, failure, doing), cause);
	}

	private String reason(TransportFailure kind, Exception failure, String doing) {
		return switch (kind) {
			case TIMED_OUT -> "no answer within " + describe(this.timeout) + " while " + doing + " it";
			case CONNECTION_REFUSED -> "connection refused";
			case UNKNOWN_HOST -> "unknown host " + this.uri.getHost();
			case NO_ROUTE -> "no route to host " + this.uri.getHost();
			case NO_REPOSITORY -> "no Git repository there";
			default -> "error " + doing + " it: " + redact(TransportFailure.rootMessage(failure));
		};
	}

	private String effectiveUsername() {
		return (this.username != null) ? this.username : DEFAULT_USERNAME;
	}

	/**
	 * Removes credentials from text that may quote a URL or a server's answer.
	 */
	String redact(String text) {
		String result = text.replaceAll("://[^/@\\s]*@", "://");
		for (String secret : this.secrets) {
			result = result.replace(secret, "****");
		}
		return result;
	}

	private boolean containsSecret(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			String message = t.getMessage();
			if (message != null && !redact(message).equals(message)) {
				return true;
			}
		}
		return false;
	}




	static String describe(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

}
