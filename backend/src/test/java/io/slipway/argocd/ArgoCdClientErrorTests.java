package io.slipway.argocd;

import java.io.IOException;
import java.time.Duration;

import io.slipway.argocd.internal.webclient.WebClientArgoCdClient;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;

import static io.slipway.argocd.ArgoCdClientFixtures.PATIENCE;
import static io.slipway.argocd.ArgoCdClientFixtures.json;
import static io.slipway.argocd.ArgoCdClientFixtures.jsonBody;
import static io.slipway.argocd.ArgoCdClientFixtures.messageOf;
import static io.slipway.argocd.ArgoCdClientFixtures.silence;
import static io.slipway.argocd.ArgoCdClientFixtures.text;
import static io.slipway.argocd.ArgoCdClientFixtures.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * How the client reports what went wrong: Argo CD's error bodies as typed errors with its own
 * message, the gateway's plain-text answers, a proxy's HTML pages, no answer at all; which
 * failures are retried and when the circuit opens.
 */
class ArgoCdClientErrorTests {

	private static final String APP = "orders-service-staging";

	@StartStop
	final MockWebServer argocd = new MockWebServer();

	private ArgoCdClient client;

	@BeforeEach
	void connect() {
		this.client = ArgoCdClientFixtures.client(this.argocd);
	}

	@ParameterizedTest
	@CsvSource({ "401, errors/error-unauthenticated.json, Unauthenticated, 16",
			"401, errors/error-invalid-session.json, Unauthenticated, 16",
			"403, errors/error-permission-denied.json, PermissionDenied, 7",
			"403, errors/error-permission-denied-action.json, PermissionDenied, 7",
			"404, errors/error-not-found.json, NotFound, 5",
			"400, errors/error-operation-in-progress.json, Rejected, 9",
			"400, errors/error-sync-revision-auto-sync.json, Rejected, 9",
			"400, errors/error-bad-request-body.json, Rejected, 3" })
	void mapsArgoCdsErrorBodiesToTypedErrorsWithItsOwnMessage(int status, String example, String type, int code) {
		this.argocd.enqueue(json(status, example));

		ArgoCdException ex = failure(this.client.sync(APP, SyncRequest.toTargetRevision("default")));

		assertThat(ex.getClass().getSimpleName()).isEqualTo(type);
		assertThat(ex.httpStatus()).isEqualTo(status);
		assertThat(ex.grpcCode()).isEqualTo(code);
		assertThat(ex.argoCdMessage()).isEqualTo(messageOf(example));
		assertThat(ex).hasMessage("error syncing " + APP + " on " + url(this.argocd) + ": " + messageOf(example));
	}

	@Test
	void refusesARollbackWhileAutoSyncIsOnWithArgoCdsCodeNine() {
		this.argocd.enqueue(json(400, "errors/error-rollback-auto-sync.json"));

		ArgoCdException ex = failure(this.client.rollback(APP, "default", 4, false, false));

		assertThat(ex).isInstanceOf(ArgoCdException.Rejected.class);
		assertThat(ex.grpcCode()).isEqualTo(9);
		assertThat(ex).hasMessage("error rolling back " + APP + " to history 4 on " + url(this.argocd)
				+ ": rollback cannot be initiated when auto-sync is enabled");
	}

	@ParameterizedTest
	@CsvSource({ "409, Rejected", "412, Rejected", "500, Unavailable", "503, Unavailable" })
	void mapsConflictsAndServerErrors(int status, String type) {
		this.argocd.enqueue(jsonBody(status, "{\"error\":\"boom\",\"code\":" + ((status == 503) ? 14 : 10)
				+ ",\"message\":\"boom\"}"));

		ArgoCdException ex = failure(this.client.setAutomatedSync(APP, "default", false));

		assertThat(ex.getClass().getSimpleName()).isEqualTo(type);
		assertThat(ex.httpStatus()).isEqualTo(status);
		assertThat(ex.argoCdMessage()).isEqualTo("boom");
	}

	@ParameterizedTest
	@CsvSource({ "404, 'Not Found\n', Not Found", "405, 'Method Not Allowed\n', Method Not Allowed",
			"415, 'Invalid content type\n', Invalid content type" })
	void reportsTheGatewaysPlainTextAsAProtocolError(int status, String body, String message) {
		this.argocd.enqueue(text(status, "text/plain; charset=utf-8", body));

		ArgoCdException ex = failure(this.client.terminateOperation(APP, "default"));

		assertThat(ex).isInstanceOf(ArgoCdException.Protocol.class);
		assertThat(ex.httpStatus()).isEqualTo(status);
		assertThat(ex.grpcCode()).isNull();
		assertThat(ex.argoCdMessage()).isEqualTo(message);
		assertThat(ex).hasMessage("error terminating the operation of " + APP + " on " + url(this.argocd) + ": HTTP "
				+ status + " " + message);
		// a protocol error is a bug or a version mismatch: trying again cannot help
		assertThat(this.argocd.getRequestCount()).isEqualTo(1);
	}

	@ParameterizedTest
	@CsvSource({ "502, Bad Gateway", "503, Service Unavailable", "504, Gateway Timeout" })
	void reportsAProxysHtmlPageAsUnavailableWithoutTheHtml(int status, String reason) {
		ArgoCdClient once = new WebClientArgoCdClient(ArgoCdClientFixtures.properties(url(this.argocd))
			.withResilience(1, Duration.ZERO, Duration.ofMinutes(1)));
		this.argocd.enqueue(text(status, "text/html",
				"<html><head><title>" + status + " " + reason + "</title></head><body>nginx</body></html>"));

		ArgoCdException ex = failure(once.get(APP, "default"));

		assertThat(ex).isInstanceOf(ArgoCdException.Unavailable.class);
		assertThat(ex.httpStatus()).isEqualTo(status);
		assertThat(ex).hasMessage("error reading " + APP + " on " + url(this.argocd) + ": HTTP " + status + " " + reason);
	}

	@Test
	void reportsARefusedConnectionAsUnavailableWithoutAStatus() throws IOException {
		String dead;
		try (MockWebServer gone = new MockWebServer()) {
			gone.start();
			dead = url(gone);
		}
		ArgoCdClient client = new WebClientArgoCdClient(ArgoCdClientFixtures.properties(dead));

		ArgoCdException ex = failure(client.list(ApplicationQuery.all()));

		assertThat(ex).isInstanceOf(ArgoCdException.Unavailable.class);
		assertThat(ex.httpStatus()).isZero();
		assertThat(ex.getMessage()).startsWith("error listing applications on " + dead + ": cannot connect");
	}

	@Test
	void givesUpOnASilentServerAfterTheReadTimeout() {
		ArgoCdClient impatient = new WebClientArgoCdClient(ArgoCdClientFixtures.properties(url(this.argocd))
			.withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(1)));
		this.argocd.enqueue(silence());
		long start = System.nanoTime();

		ArgoCdException ex = failure(impatient.sync(APP, SyncRequest.toTargetRevision("default")));

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		assertThat(ex).isInstanceOf(ArgoCdException.Unavailable.class);
		assertThat(ex.httpStatus()).isZero();
		assertThat(ex).hasMessage("error syncing " + APP + " on " + url(this.argocd) + ": no answer within 500ms");
	}

	@Test
	void triesAnIdempotentReadAgainWhenArgoCdIsUnavailable() {
		this.argocd.enqueue(jsonBody(503, "{\"error\":\"transport is closing\",\"code\":14,\"message\":\"transport is closing\"}"));
		this.argocd.enqueue(text(502, "text/html", "<html>bad gateway</html>"));
		this.argocd.enqueue(json(200, "application.json"));

		Application app = this.client.get(APP, "default").block(PATIENCE);

		assertThat(app.name()).isEqualTo(APP);
		assertThat(this.argocd.getRequestCount()).isEqualTo(3);
	}

	@Test
	void stopsTryingAfterTheConfiguredAttempts() {
		for (int i = 0; i < 4; i++) {
			this.argocd.enqueue(text(503, "text/html", "<html>unavailable</html>"));
		}

		ArgoCdException ex = failure(this.client.list(ApplicationQuery.all()));

		assertThat(ex).isInstanceOf(ArgoCdException.Unavailable.class);
		assertThat(this.argocd.getRequestCount()).isEqualTo(3);
	}

	@Test
	void neverTriesAWriteOrARefreshTwice() {
		this.argocd.enqueue(text(503, "text/html", "<html>unavailable</html>"));
		this.argocd.enqueue(text(503, "text/html", "<html>unavailable</html>"));

		assertThat(failure(this.client.sync(APP, SyncRequest.toTargetRevision("default"))))
			.isInstanceOf(ArgoCdException.Unavailable.class);
		assertThat(failure(this.client.refresh(APP, "default", Refresh.NORMAL)))
			.isInstanceOf(ArgoCdException.Unavailable.class);

		assertThat(this.argocd.getRequestCount()).isEqualTo(2);
	}

	@Test
	void doesNotRetryWhatArgoCdRefused() {
		this.argocd.enqueue(json(404, "errors/error-not-found.json"));

		failure(this.client.get(APP, "default"));

		assertThat(this.argocd.getRequestCount()).isEqualTo(1);
	}

	@Test
	void opensTheCircuitAfterRepeatedFailuresAndThenFailsWithoutCallingArgoCd() {
		ArgoCdClient client = new WebClientArgoCdClient(ArgoCdClientFixtures.properties(url(this.argocd))
			.withResilience(1, Duration.ZERO, Duration.ofMinutes(10)));
		for (int i = 0; i < 5; i++) {
			this.argocd.enqueue(text(502, "text/html", "<html>bad gateway</html>"));
		}
		for (int i = 0; i < 5; i++) {
			assertThat(failure(client.get(APP, "default"))).isInstanceOf(ArgoCdException.Unavailable.class);
		}
		this.argocd.enqueue(json(200, "application.json"));

		ArgoCdException read = failure(client.get(APP, "default"));
		ArgoCdException write = failure(client.sync(APP, SyncRequest.toTargetRevision("default")));
		ArgoCdException watch = failure(client.watch(ApplicationQuery.all(), null).then());

		assertThat(read).isInstanceOf(ArgoCdException.Unavailable.class)
			.hasMessageStartingWith("error reading " + APP + " on " + url(this.argocd) + ": circuit open");
		assertThat(write).isInstanceOf(ArgoCdException.Unavailable.class).hasMessageContaining("circuit open");
		assertThat(watch).isInstanceOf(ArgoCdException.Unavailable.class).hasMessageContaining("circuit open");
		assertThat(this.argocd.getRequestCount()).isEqualTo(5);
	}

	@Test
	void triesAgainOnceTheCircuitHasBeenOpenLongEnough() {
		ArgoCdClient client = new WebClientArgoCdClient(ArgoCdClientFixtures.properties(url(this.argocd))
			.withResilience(1, Duration.ZERO, Duration.ofMillis(300)));
		for (int i = 0; i < 5; i++) {
			this.argocd.enqueue(text(503, "text/html", "<html>unavailable</html>"));
			failure(client.list(ApplicationQuery.all()));
		}
		assertThat(failure(client.list(ApplicationQuery.all()))).hasMessageContaining("circuit open");
		this.argocd.enqueue(json(200, "application-list.json"));

		org.awaitility.Awaitility.await()
			.atMost(PATIENCE)
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(client.list(ApplicationQuery.all()).onErrorResume((ex) -> Mono.empty())
				.block(PATIENCE)).isNotNull());
		assertThat(this.argocd.getRequestCount()).isEqualTo(6);
	}

	@Test
	void keepsCredentialsOutOfMessagesEvenWhenAProxyEchoesThem() {
		ArgoCdClient once = new WebClientArgoCdClient(ArgoCdClientFixtures.properties(url(this.argocd))
			.withResilience(1, Duration.ZERO, Duration.ofMinutes(1)));
		this.argocd.enqueue(text(400, "text/plain", "bad header Authorization: Bearer " + ArgoCdClientFixtures.TOKEN));

		ArgoCdException ex = failure(once.get(APP, "default"));

		assertThat(ex.getMessage()).doesNotContain(ArgoCdClientFixtures.TOKEN).contains("Bearer ****");
		assertThat(ex.argoCdMessage()).doesNotContain(ArgoCdClientFixtures.TOKEN);
	}

	@Test
	void reportsAnAnswerItCannotReadAsAProtocolError() {
		this.argocd.enqueue(jsonBody(200, "{\"metadata\": [1, 2"));

		ArgoCdException ex = failure(this.client.get(APP, "default"));

		assertThat(ex).isInstanceOf(ArgoCdException.Protocol.class);
		assertThat(ex.getMessage()).startsWith("error reading " + APP + " on " + url(this.argocd) + ": unreadable answer");
	}

	private static ArgoCdException failure(Mono<?> call) {
		return catchThrowableOfType(ArgoCdException.class, () -> call.block(PATIENCE));
	}

}
