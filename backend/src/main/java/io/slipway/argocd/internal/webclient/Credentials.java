package io.slipway.argocd.internal.webclient;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import io.slipway.argocd.ArgoCdException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How requests prove who Slipway is to Argo CD: a bearer token, or a session token from logging
 * in. A call runs with the headers to add; with a session login the first call logs in, and a call
 * answered 401 logs in again once and is repeated once (a 401 means Argo CD did nothing, so even a
 * write is safe to repeat). Concurrent calls share one login.
 */
abstract sealed class Credentials {

	/**
	 * Runs a call with these credentials.
	 * @param call the call, given what to add to its headers
	 * @return the call's signals
	 */
	abstract <T> Flux<T> apply(Function<Consumer<HttpHeaders>, Flux<T>> call);

	/**
	 * @return the secrets in use, to keep out of messages
	 */
	abstract List<String> secrets();

	static Credentials none() {
		return new None();
	}

	static Credentials token(String token) {
		return new BearerToken(token);
	}

	/**
	 * @param password the password, only to keep it out of messages
	 * @param login logs in and answers the session token
	 */
	static Credentials sessionLogin(String password, Mono<String> login) {
		return new SessionLogin(password, login);
	}

	/** Calls that need no credentials ({@code /api/version}). */
	static final class None extends Credentials {

		@Override
		<T> Flux<T> apply(Function<Consumer<HttpHeaders>, Flux<T>> call) {
			return call.apply((headers) -> {
			});
		}

		@Override
		List<String> secrets() {
			return List.of();
		}

	}

	/** A fixed token, e.g. an account's API key; a 401 is final. */
	static final class BearerToken extends Credentials {

		private final String token;

		BearerToken(String token) {
			this.token = token;
		}

		@Override
		<T> Flux<T> apply(Function<Consumer<HttpHeaders>, Flux<T>> call) {
			return call.apply((headers) -> headers.setBearerAuth(this.token));
		}

		@Override
		List<String> secrets() {
			return List.of(this.token);
		}

	}

	/** {@code POST /api/v1/session}, token kept in memory, logged in again on 401. */
	static final class SessionLogin extends Credentials {

		private final String password;

		/** The token Argo CD last refused; the cached session is dropped when it is that one. */
		private final AtomicReference<@Nullable String> refused = new AtomicReference<>();

		private final AtomicReference<@Nullable String> current = new AtomicReference<>();

		private final Mono<String> session;

		SessionLogin(String password, Mono<String> login) {
			this.password = password;
			// errors are not cached: a failed login is tried again by the next call
			this.session = login.doOnNext(this.current::set)
				.cacheInvalidateIf((token) -> token.equals(this.refused.get()));
		}

		@Override
		<T> Flux<T> apply(Function<Consumer<HttpHeaders>, Flux<T>> call) {
			return this.session.flatMapMany((token) -> {
				AtomicBoolean emitted = new AtomicBoolean();
				return call.apply(bearer(token))
					.doOnNext((item) -> emitted.set(true))
					.onErrorResume((ex) -> ex instanceof ArgoCdException.Unauthenticated && !emitted.get(), (ex) -> {
						this.refused.set(token);
						return this.session.flatMapMany((renewed) -> call.apply(bearer(renewed)));
					});
			});
		}

		private static Consumer<HttpHeaders> bearer(String token) {
			return (headers) -> headers.setBearerAuth(token);
		}

		@Override
		List<String> secrets() {
			String token = this.current.get();
			return (token != null) ? List.of(this.password, token) : List.of(this.password);
		}

	}

}
