package io.slipway.gitops;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JGit wraps what went wrong in a {@link TransportException}; the kind is read from its cause chain
 * or message, the way JGit's HTTP and socket transports word them.
 */
class TransportFailureTests {

	private static final URIish REMOTE = uri("http://git.example/infra.git");

	@Test
	void readsTheKindFromTheCauseChainOrTheMessage() {
		assertThat(TransportFailure.of(new TransportException(REMOTE, "not authorized")))
			.isEqualTo(TransportFailure.AUTHENTICATION_REQUIRED);
		assertThat(TransportFailure.of(new TransportException(REMOTE, "Authentication is required but no CredentialsProvider has been registered")))
			.isEqualTo(TransportFailure.AUTHENTICATION_REQUIRED);
		assertThat(TransportFailure.of(new TransportException(REMOTE, "git-receive-pack not permitted")))
			.isEqualTo(TransportFailure.ACCESS_DENIED);
		assertThat(TransportFailure.of(wrapped(new SocketTimeoutException("Read timed out"))))
			.isEqualTo(TransportFailure.TIMED_OUT);
		assertThat(TransportFailure.of(wrapped(new InterruptedIOException()))).isEqualTo(TransportFailure.TIMED_OUT);
		assertThat(TransportFailure.of(wrapped(new ConnectException("Connection refused"))))
			.isEqualTo(TransportFailure.CONNECTION_REFUSED);
		assertThat(TransportFailure.of(wrapped(new UnknownHostException("git.example"))))
			.isEqualTo(TransportFailure.UNKNOWN_HOST);
		assertThat(TransportFailure.of(wrapped(new NoRouteToHostException("No route"))))
			.isEqualTo(TransportFailure.NO_ROUTE);
		assertThat(TransportFailure.of(new NoRemoteRepositoryException(REMOTE, "repository not found")))
			.isEqualTo(TransportFailure.NO_REPOSITORY);
		assertThat(TransportFailure.of(new TransportException(REMOTE, "unexpected end of stream")))
			.isEqualTo(TransportFailure.OTHER);
	}

	@Test
	void rootMessageNamesTheInnermostCause() {
		assertThat(TransportFailure.rootMessage(wrapped(new ConnectException("Connection refused"))))
			.isEqualTo("Connection refused");
		assertThat(TransportFailure.rootMessage(wrapped(new InterruptedIOException())))
			.isEqualTo("InterruptedIOException");
	}

	private static TransportException wrapped(Exception cause) {
		return new TransportException(REMOTE, "connection failed", cause);
	}

	private static URIish uri(String text) {
		try {
			return new URIish(text);
		}
		catch (java.net.URISyntaxException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

}
