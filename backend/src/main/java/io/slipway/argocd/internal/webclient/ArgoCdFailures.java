package io.slipway.argocd.internal.webclient;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import javax.net.ssl.SSLException;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import io.slipway.argocd.ArgoCdException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import reactor.netty.http.client.PrematureCloseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns what went wrong into the {@link ArgoCdException} subclass that says what a caller can do,
 * with a message of the form {@code error <doing what> on <server>: <Argo CD's message>}.
 * <p>
 * Argo CD's API answers errors as {@code {"error","code","message"}} with the HTTP status derived
 * from the gRPC code; its gateway answers plain text when the request never reached the API
 * (unknown path 404, wrong method 405, wrong content type 415); a stream that fails before its
 * first event answers with the status and a stream-error body ({@code {"error":{"grpc_code",
 * "http_code","message"}}}, framed as an event in SSE mode); proxies in front may add HTML pages.
 * <p>
 * Every message passes through a redaction of the credentials in use, because a proxy page or an
 * exception text could echo them.
 */
final class ArgoCdFailures {

	/** How much of a plain-text answer is quoted in a message. */
	private static final int QUOTE_LIMIT = 200;

	private final String server;

	private final JsonMapper json;

	private final Supplier<List<String>> secrets;

	/**
	 * @param server the server's URL, named in every message
	 * @param json reads error bodies
	 * @param secrets the credentials to keep out of messages (token, password, session token)
	 */
	ArgoCdFailures(String server, JsonMapper json, Supplier<List<String>> secrets) {
		this.server = server;
		this.json = json;
		this.secrets = secrets;
	}

	/**
	 * An answer other than 2xx.
	 * @param action what Slipway was doing, e.g. {@code syncing orders-staging}
	 * @param status the HTTP status
	 * @param contentType the answer's content type, if any
	 * @param body the answer's bytes (possibly empty)
	 * @return the typed failure
	 */
	ArgoCdException refusal(String action, int status, @Nullable MediaType contentType, byte[] body) {
		ErrorBody error = errorBody(contentType, body);
		if (error == null) {
			return plainRefusal(action, status, contentType, body);
		}
		int httpStatus = (error.httpCode() != null) ? error.httpCode() : status;
		return typed(action, httpStatus, error.grpcCode(), error.message());
	}

	/**
	 * A stream-error chunk that arrived after the stream had started.
	 * @param action what Slipway was doing
	 * @param error the {@code error} object of the chunk
	 * @return the typed failure
	 */
	ArgoCdException streamError(String action, JsonNode error) {
		ErrorBody body = streamErrorBody(error);
		return typed(action, (body.httpCode() != null) ? body.httpCode() : 500, body.grpcCode(), body.message());
	}

	/**
	 * A failure on the way: no connection, no answer in time, a broken TLS handshake, an answer
	 * that cannot be read.
	 * @param action what Slipway was doing
	 * @param ex what went wrong
	 * @param timeout the read timeout that applied, for the message
	 * @return the typed failure
	 */
	ArgoCdException transport(String action, Throwable ex, Duration timeout) {
		if (ex instanceof ArgoCdException known) {
			return known;
		}
		if (find(ex, DataBufferLimitException.class) != null) {
			String what = "the answer is larger than slipway.argocd.max-response-size";
			return new ArgoCdException.Protocol(message(action, what), 200, what);
		}
		JacksonException unreadable = find(ex, JacksonException.class);
		if (unreadable != null) {
			String what = "unreadable answer: " + firstLine(unreadable.getOriginalMessage());
			return new ArgoCdException.Protocol(message(action, what), 200, what);
		}
		String what;
		if (find(ex, ReadTimeoutException.class) != null || find(ex, TimeoutException.class) != null) {
			what = "no answer within " + describe(timeout);
		}
		else if (find(ex, ConnectTimeoutException.class) != null) {
			what = "cannot connect: " + firstLine(find(ex, ConnectTimeoutException.class).getMessage());
		}
		else if (find(ex, ConnectException.class) != null) {
			what = "cannot connect: " + firstLine(find(ex, ConnectException.class).getMessage());
		}
		else if (find(ex, UnknownHostException.class) != null) {
			what = "unknown host " + firstLine(find(ex, UnknownHostException.class).getMessage());
		}
		else if (find(ex, SSLException.class) != null) {
			what = "TLS handshake failed: " + firstLine(mostSpecific(find(ex, SSLException.class)).getMessage());
		}
		else if (find(ex, PrematureCloseException.class) != null || find(ex, ClosedChannelException.class) != null) {
			what = "the connection closed before the answer was complete";
		}
		else {
			what = firstLine(mostSpecific(ex).toString());
		}
		return new ArgoCdException.Unavailable(message(action, what), 0, null, what, ex);
	}

	/**
	 * @param action what Slipway was doing
	 * @param openFor how long the circuit stays open
	 * @param cause the circuit breaker's refusal
	 * @return the failure that says Slipway did not call Argo CD at all
	 */
	ArgoCdException circuitOpen(String action, Duration openFor, Throwable cause) {
		String what = "circuit open after repeated failures, Argo CD not called (next try within "
				+ describe(openFor) + ")";
		return new CircuitOpen(message(action, what), what, cause);
	}

	/**
	 * @param action what Slipway was doing
	 * @param status the HTTP status of a success
	 * @param what what was wrong with it
	 * @return a failure for a 2xx answer Slipway cannot use
	 */
	ArgoCdException unusable(String action, int status, String what) {
		return new ArgoCdException.Protocol(message(action, what), status, what);
	}

	String message(String action, String what) {
		return redact("error " + action + " on " + this.server + ": " + what);
	}

	private ArgoCdException typed(String action, int status, @Nullable Integer grpcCode, String argoCdMessage) {
		String message = message(action, argoCdMessage);
		String safe = redact(argoCdMessage);
		if (status == 401 || grpcCode != null && grpcCode == 16) {
			return new ArgoCdException.Unauthenticated(message, status, grpcCode, safe);
		}
		if (status == 403) {
			return new ArgoCdException.PermissionDenied(message, status, grpcCode, safe);
		}
		if (status == 404) {
			return new ArgoCdException.NotFound(message, status, grpcCode, safe);
		}
		if (status >= 500 || status == 429 || status == 408) {
			return new ArgoCdException.Unavailable(message, status, grpcCode, safe, null);
		}
		return new ArgoCdException.Rejected(message, status, grpcCode, safe);
	}

	private ArgoCdException plainRefusal(String action, int status, @Nullable MediaType contentType, byte[] body) {
		String text = plainText(contentType, body);
		String what = (text != null) ? text : reasonPhrase(status);
		String message = message(action, "HTTP " + status + " " + what);
		String safe = redact(what);
		if (status >= 500 || status == 429 || status == 408) {
			return new ArgoCdException.Unavailable(message, status, null, safe, null);
		}
		if (status == 401) {
			return new ArgoCdException.Unauthenticated(message, status, null, safe);
		}
		if (status == 403) {
			return new ArgoCdException.PermissionDenied(message, status, null, safe);
		}
		if (status == 404 || status == 405 || status == 406 || status == 415) {
			// the gateway's router or content-type check: the request never reached the API
			return new ArgoCdException.Protocol(message, status, safe);
		}
		return new ArgoCdException.Rejected(message, status, null, safe);
	}

	private @Nullable ErrorBody errorBody(@Nullable MediaType contentType, byte[] body) {
		if (body.length == 0) {
			return null;
		}
		String text = new String(body, StandardCharsets.UTF_8).strip();
		if (contentType != null && contentType.isCompatibleWith(MediaType.TEXT_EVENT_STREAM)
				|| text.startsWith("data:")) {
			// a stream that failed before its first event: the error is framed as an event
			EventStreamDecoder decoder = EventStreamDecoder.serverSentEvents(Math.max(body.length, 1024) + 1);
			List<EventStreamDecoder.Frame> frames = new java.util.ArrayList<>(decoder.feed(body));
			frames.addAll(decoder.feed(new byte[] { '\n', '\n' }));
			text = frames.stream()
				.filter(EventStreamDecoder.Data.class::isInstance)
				.map((frame) -> ((EventStreamDecoder.Data) frame).data().strip())
				.findFirst()
				.orElse("");
		}
		if (!text.startsWith("{")) {
			return null;
		}
		try {
			JsonNode node = this.json.readTree(text);
			JsonNode error = node.get("error");
			if (error != null && error.isObject()) {
				return streamErrorBody(error);
			}
			String message = textOf(node.get("message"));
			if (message == null) {
				message = textOf(error);
			}
			if (message == null) {
				return null;
			}
			JsonNode code = node.get("code");
			return new ErrorBody((code != null && code.isIntegralNumber()) ? code.intValue() : null, null, message);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static ErrorBody streamErrorBody(JsonNode error) {
		JsonNode grpc = error.get("grpc_code");
		JsonNode http = error.get("http_code");
		String message = textOf(error.get("message"));
		return new ErrorBody((grpc != null && grpc.isIntegralNumber()) ? grpc.intValue() : null,
				(http != null && http.isIntegralNumber()) ? http.intValue() : null,
				(message != null) ? message : "no message");
	}

	private static @Nullable String textOf(@Nullable JsonNode node) {
		return (node != null && node.isString() && !node.stringValue().isBlank()) ? node.stringValue() : null;
	}

	// Plain text is quoted (the gateway's "Invalid content type"); an HTML page is not, it is noise.
	private static @Nullable String plainText(@Nullable MediaType contentType, byte[] body) {
		if (body.length == 0 || contentType != null && (contentType.isCompatibleWith(MediaType.TEXT_HTML)
				|| contentType.isCompatibleWith(MediaType.APPLICATION_XHTML_XML))) {
			return null;
		}
		String text = new String(body, StandardCharsets.UTF_8).strip();
		if (text.isEmpty() || text.startsWith("<")) {
			return null;
		}
		text = firstLine(text);
		return (text.length() > QUOTE_LIMIT) ? text.substring(0, QUOTE_LIMIT) + "…" : text;
	}

	private static String reasonPhrase(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		return (known != null) ? known.getReasonPhrase() : "no explanation";
	}

	private String redact(String text) {
		String result = text;
		for (String secret : this.secrets.get()) {
			if (secret != null && !secret.isEmpty()) {
				result = result.replace(secret, "****");
			}
		}
		return result;
	}

	private static @Nullable <T extends Throwable> T find(Throwable ex, Class<T> type) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return null;
	}

	private static Throwable mostSpecific(Throwable ex) {
		Throwable current = ex;
		while (current.getCause() != null && current.getCause() != current) {
			current = current.getCause();
		}
		return current;
	}

	private static String firstLine(@Nullable String text) {
		if (text == null) {
			return "no detail";
		}
		int newline = text.indexOf('\n');
		return ((newline < 0) ? text : text.substring(0, newline)).strip();
	}

	static String describe(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

	/**
	 * What an error body said.
	 * @param grpcCode the gRPC code
	 * @param httpCode the HTTP status a stream error names, {@code null} for a plain error body
	 * @param message Argo CD's message
	 */
	private record ErrorBody(@Nullable Integer grpcCode, @Nullable Integer httpCode, String message) {
	}

	/**
	 * The circuit breaker refused the call: Argo CD failed repeatedly and is not called for a while.
	 * Not worth retrying right away.
	 */
	static final class CircuitOpen extends ArgoCdException.Unavailable {

		CircuitOpen(String message, String argoCdMessage, Throwable cause) {
			super(message, 0, null, argoCdMessage, cause);
		}

	}

}
