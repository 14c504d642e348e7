package io.slipway.argocd.fake;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A real HTTP server on 127.0.0.1 that answers like Argo CD v3.5.1's API server and controller,
 * built from the contract pack rather than from guesses, so Slipway's client, cache and pages can
 * be tested against the wire format they will meet in production. Faults (down, slow, 5xx, dropped
 * streams) can be switched on to test resilience.
 */
public final class FakeArgoCd implements AutoCloseable {

	private FakeArgoCd() {
	}

	/**
	 * Starts a fake on a random free port of 127.0.0.1.
	 * @return the running fake
	 */
	public static FakeArgoCd start() {
		throw new UnsupportedOperationException();
	}

	/**
	 * @return {@code http://127.0.0.1:<port>}
	 */
	public URI url() {
		throw new UnsupportedOperationException();
	}

	/**
	 * @return a valid bearer token (an HS256 JWT for the user {@code admin})
	 */
	public String token() {
		throw new UnsupportedOperationException();
	}

	public void addLocalUser(String username, String password) {
		throw new UnsupportedOperationException();
	}

	public void invalidateTokens() {
		throw new UnsupportedOperationException();
	}

	public FakeApplication createApplication(String name, String project, String repoUrl, String path,
			String destinationNamespace, String imageTag) {
		throw new UnsupportedOperationException();
	}

	public void loadApplication(String json) {
		throw new UnsupportedOperationException();
	}

	public Optional<FakeApplication> application(String name) {
		throw new UnsupportedOperationException();
	}

	public void setHealth(String name, String status, String message) {
		throw new UnsupportedOperationException();
	}

	public void setSync(String name, String status, String revision) {
		throw new UnsupportedOperationException();
	}

	public void setImages(String name, List<String> images) {
		throw new UnsupportedOperationException();
	}

	public void setAutomatedSync(String name, boolean enabled) {
		throw new UnsupportedOperationException();
	}

	public void commit(String name, String revision) {
		throw new UnsupportedOperationException();
	}

	public void deleteApplication(String name) {
		throw new UnsupportedOperationException();
	}

	public void setRevisionMetadata(String revision, String author, Instant date, String message) {
		throw new UnsupportedOperationException();
	}

	public void setSyncDuration(Duration duration) {
		throw new UnsupportedOperationException();
	}

	public void failNextSync(String message) {
		throw new UnsupportedOperationException();
	}

	public void goDown() {
		throw new UnsupportedOperationException();
	}

	public void comeBack() {
		throw new UnsupportedOperationException();
	}

	public void setLatency(Duration latency) {
		throw new UnsupportedOperationException();
	}

	public void failWith(int httpStatus) {
		throw new UnsupportedOperationException();
	}

	public void stopFailing() {
		throw new UnsupportedOperationException();
	}

	public void dropStreams() {
		throw new UnsupportedOperationException();
	}

	public void setKeepaliveInterval(Duration interval) {
		throw new UnsupportedOperationException();
	}

	public int requestCount(String method, String pathPrefix) {
		throw new UnsupportedOperationException();
	}

	public int openStreams() {
		throw new UnsupportedOperationException();
	}

	@Override
	public void close() {
		throw new UnsupportedOperationException();
	}

}
