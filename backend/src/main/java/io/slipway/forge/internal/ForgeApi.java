package io.slipway.forge.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.slipway.forge.ForgeAuthenticationException;
import io.slipway.forge.ForgeConflictException;
import io.slipway.forge.ForgeException;
import io.slipway.forge.ForgeNotFoundException;
import io.slipway.forge.ForgeRequestRejectedException;
import io.slipway.forge.ForgeUnavailableException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;

/**
 * One forge's REST API as the clients use it: a {@link WebClient} that already carries the base URL
 * and the auth headers, plus the one place where answers become results or typed
 * {@link ForgeException}s. Every request is bounded by the configured timeout.
 */
final class ForgeApi {

	private final String forge;

	private final String baseUrl;

	private final String token;

	private final Duration timeout;

	private final WebClient web;

	ForgeApi(String forge, String baseUrl, String token, Duration timeout, WebClient web) {
		this.forge = forge;
		this.baseUrl = baseUrl;
		this.token = token;
		this.timeout = timeout;
		this.web = web;
	}

	WebClient web() {
		return this.web;
	}

	String forge() {
		return this.forge;
	}

	/**
	 * The number an id stands for; ids are the numbers as text (see ForgePullRequest#id).
	 */
	static Mono<Integer> number(String id) {
		return Mono.fromCallable(() -> {
			try {
				int number = Integer.parseInt(id.strip());
				if (number > 0) {
					return number;
				}
			}
			catch (NumberFormatException ex) {
				// refused below with the id in the message
			}
			throw new IllegalArgumentException("not a pull request id: '" + id + "'");
		});
	}

	/**
	 * Sends a request whose successful answer is a JSON body of the given type, and turns that into
	 * the result; an answer the result cannot be made from counts as unreadable.
	 * @param action what Slipway is doing, for messages: "opening a pull request from a into b"
	 */
	<T, R> Mono<R> send(String action, WebClient.RequestHeadersSpec<?> request, Class<T> type,
			Function<T, R> toResult) {
		return send(action, request, (response) -> response.bodyToMono(type)
			.switchIfEmpty(Mono.error(() -> unavailable(action, response.statusCode().value(), "an empty answer")))
			.map(toResult));
	}

	/**
	 * Sends a request whose successful answer carries nothing Slipway needs.
	 */
	Mono<Void> sendWithoutAnswer(String action, WebClient.RequestHeadersSpec<?> request) {
		return send(action, request, ClientResponse::releaseBody);
	}

	<T> Mono<T> send(String action, WebClient.RequestHeadersSpec<?> request,
			Function<ClientResponse, Mono<T>> onSuccess) {
		return request
			.exchangeToMono((response) -> response.statusCode().is2xxSuccessful() ? onSuccess.apply(response)
					: response.bodyToMono(String.class)
						.defaultIfEmpty("")
						.flatMap((body) -> Mono.error(refusal(action, response, body))))
			.timeout(this.timeout)
			.onErrorMap((ex) -> !(ex instanceof ForgeException), (ex) -> unreachable(action, ex));
	}

	private ForgeException refusal(String action, ClientResponse response, String body) {
		int status = response.statusCode().value();
		String explanation = ForgeErrorMessage.from(body).orElseGet(() -> reasonPhrase(status));
		String message = redact("error " + action + " on " + this.forge + " (HTTP " + status + "): " + explanation);
		if (status == 429 || status == 408 || status >= 500 || (status == 403 && rateLimited(response))) {
			return new ForgeUnavailableException(this.forge, status, message, null);
		}
		return switch (status) {
			case 401, 403 -> new ForgeAuthenticationException(this.forge, status, message);
			case 404 -> new ForgeNotFoundException(this.forge, status, message);
			// GitLab 406 "Branch cannot be merged", Gitea 412 "already merged"
			case 405, 406, 409, 412 -> new ForgeConflictException(this.forge, status, message);
			case 422 -> namesAClash(explanation) ? new ForgeConflictException(this.forge, status, message)
					: new ForgeRequestRejectedException(this.forge, status, message);
			default -> new ForgeRequestRejectedException(this.forge, status, message);
		};
	}

	// GitHub's primary and secondary rate limits answer 403; waiting helps, a new token does not.
	private static boolean rateLimited(ClientResponse response) {
		return "0".equals(response.headers().asHttpHeaders().getFirst("x-ratelimit-remaining"))
				|| response.headers().asHttpHeaders().getFirst("retry-after") != null;
	}

	private static boolean namesAClash(String explanation) {
		String lower = explanation.toLowerCase(Locale.ROOT);
		return lower.contains("already exist") || lower.contains("not mergeable") || lower.contains("cannot be merged")
				|| lower.contains("can't be merged");
	}

	private static String reasonPhrase(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		return (known != null) ? known.getReasonPhrase() : "no explanation";
	}

	private ForgeUnavailableException unavailable(String action, int status, String what) {
		return new ForgeUnavailableException(this.forge, status,
				redact("error " + action + " on " + this.forge + " (HTTP " + status + "): " + what + " from "
						+ this.baseUrl),
				null);
	}

	private ForgeUnavailableException unreachable(String action, Throwable ex) {
		String what;
		if (ex instanceof TimeoutException) {
			what = "no answer from " + this.baseUrl + " within " + describe(this.timeout);
		}
		else if (ex instanceof WebClientRequestException) {
			what = "cannot reach " + this.baseUrl + ": " + NestedExceptionUtils.getMostSpecificCause(ex);
		}
		else {
			what = "unreadable answer from " + this.baseUrl + ": " + ex.getMessage();
		}
		return new ForgeUnavailableException(this.forge, null,
				redact("error " + action + " on " + this.forge + ": " + what), ex);
	}

	private static String describe(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

	// Forges do not echo tokens, but a proxy or an exception text might; the message is shown to people.
	private String redact(String message) {
		return message.replace(this.token, "****");
	}

}
