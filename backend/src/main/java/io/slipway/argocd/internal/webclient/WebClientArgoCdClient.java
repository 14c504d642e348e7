package io.slipway.argocd.internal.webclient;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.slipway.argocd.Application;
import io.slipway.argocd.ApplicationList;
import io.slipway.argocd.ApplicationQuery;
import io.slipway.argocd.ApplicationWatchEvent;
import io.slipway.argocd.ArgoCdClient;
import io.slipway.argocd.ArgoCdException;
import io.slipway.argocd.ArgoCdProperties;
import io.slipway.argocd.ArgoCdVersion;
import io.slipway.argocd.ManagedResource;
import io.slipway.argocd.Refresh;
import io.slipway.argocd.ResourceTree;
import io.slipway.argocd.RevisionMetadata;
import io.slipway.argocd.SyncRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClientRequest;
import reactor.util.retry.Retry;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link ArgoCdClient} over Argo CD's REST API with a non-blocking {@link WebClient}, following
 * Argo CD's transport rules: exactly {@code Content-Type: application/json} on every request with
 * a body or a method other than GET (Argo CD refuses a charset with 415), int64 values as JSON
 * numbers, the project sent with every per-application call so that a missing application is a
 * 404, {@code appNamespace} with every call that addresses an application outside Argo CD's own
 * namespace, and {@code Accept: text/event-stream} exactly for the event stream.
 * <p>
 * Every call passes one circuit breaker, which opens when Argo CD keeps being unavailable and then
 * fails calls at once for {@code circuit-open-duration}. Reads that change nothing (version, list,
 * get, resource tree, managed resources, revision metadata) are tried up to
 * {@code retry-attempts} times with jittered backoff when Argo CD is unavailable; writes and
 * refreshes are tried once.
 */
public final class WebClientArgoCdClient implements ArgoCdClient {

	private static final Logger log = LoggerFactory.getLogger(WebClientArgoCdClient.class);

	private static final String APPLICATION = "/api/v1/applications/{name}";

	private final ArgoCdProperties properties;

	private final String server;

	private final WebClient web;

	private final JsonMapper json;

	private final ArgoCdFailures failures;

	private final Credentials credentials;

	private final CircuitBreaker breaker;

	private final int maxBytes;

	/**
	 * @param properties the server and how to reach it; must be {@link ArgoCdProperties#configured()}
	 */
	public WebClientArgoCdClient(ArgoCdProperties properties) {
		this(properties, WebClient.builder());
	}

	/**
	 * @param properties the server and how to reach it; must be {@link ArgoCdProperties#configured()}
	 * @param builder a builder to start from (Boot's carries its observations); not changed
	 */
	public WebClientArgoCdClient(ArgoCdProperties properties, WebClient.Builder builder) {
		this.properties = properties;
		this.server = Objects.requireNonNull(properties.url(), "slipway.argocd.url");
		this.web = builder.clone().baseUrl(this.server).clientConnector(ArgoCdConnector.create(properties, this.server))
			.build();
		this.json = JsonMapper.builder()
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
			.build();
		this.maxBytes = Math.toIntExact(properties.maxResponseSize().toBytes());
		if (properties.token() != null) {
			this.credentials = Credentials.token(properties.token());
		}
		else {
			String username = Objects.requireNonNull(properties.username(), "slipway.argocd.username");
			String password = Objects.requireNonNull(properties.password(), "slipway.argocd.password");
			this.credentials = Credentials.sessionLogin(password, Mono.defer(() -> login(username, password)));
		}
		this.failures = new ArgoCdFailures(this.server, this.json, this.credentials::secrets);
		this.breaker = CircuitBreaker.of("argocd", CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(10)
			.minimumNumberOfCalls(5)
			.failureRateThreshold(50)
			.waitDurationInOpenState(properties.circuitOpenDuration())
			.permittedNumberOfCallsInHalfOpenState(1)
			// slowness is the timeouts' business; a long refresh is not a failure
			.slowCallDurationThreshold(Duration.ofDays(1))
			.recordException(WebClientArgoCdClient::countsAgainstArgoCd)
			.build());
		if (properties.insecure()) {
			log.warn("TLS certificates of Argo CD at {} are not verified (slipway.argocd.insecure); "
					+ "use slipway.argocd.ca-file outside a test setup", this.server);
		}
	}

	@Override
	public Mono<ArgoCdVersion> version() {
		// no credentials: anonymous callers get the version, and this stays a probe of Argo CD alone
		String action = "reading the version";
		return guard(action, true, Credentials.none()
			.apply((auth) -> send(action, this.properties.readTimeout(),
					this.web.get().uri((uri) -> uri.path("/api/version").build()).accept(MediaType.APPLICATION_JSON)
						.headers(auth),
					(response) -> decode(action, response, ArgoCdVersion.class)).flux())
			.singleOrEmpty());
	}

	@Override
	public Mono<ApplicationList> list(ApplicationQuery query) {
		String action = "listing applications";
		return read(action, ApplicationList.class, (uri) -> build(uri, "/api/v1/applications", Map.of(), filters(query)));
	}

	@Override
	public Mono<Application> get(String name, String project) {
		return get(name, null, project);
	}

	@Override
	public Mono<Application> get(String name, @Nullable String namespace, String project) {
		return read("reading " + name, Application.class,
				(uri) -> build(uri, APPLICATION, Map.of("name", name), scope(namespace, project)));
	}

	@Override
	public Mono<Application> refresh(String name, String project, Refresh refresh) {
		return refresh(name, null, project, refresh);
	}

	@Override
	public Mono<Application> refresh(String name, @Nullable String namespace, String project, Refresh refresh) {
		String action = "refreshing " + name;
		Duration timeout = this.properties.refreshTimeout();
		String type = refresh.name().toLowerCase(Locale.ROOT);
		List<Map.Entry<String, String>> parameters = new ArrayList<>(scope(namespace, project));
		parameters.add(Map.entry("refresh", type));
		// Argo CD answers once its controller has compared again; it never gives up by itself
		return guard(action, false, authenticated((auth) -> send(action, timeout, this.web.get()
			.uri((uri) -> build(uri, APPLICATION, Map.of("name", name), parameters))
			.accept(MediaType.APPLICATION_JSON)
			.header("Grpc-Timeout", timeout.toSeconds() + "S")
			.headers(auth), (response) -> decode(action, response, Application.class))));
	}

	@Override
	public Mono<ResourceTree> resourceTree(String name, String project) {
		return resourceTree(name, null, project);
	}

	@Override
	public Mono<ResourceTree> resourceTree(String name, @Nullable String namespace, String project) {
		return read("reading the resource tree of " + name, ResourceTree.class, (uri) -> build(uri,
				APPLICATION + "/resource-tree", Map.of("name", name), scope(namespace, project)));
	}

	@Override
	public Mono<List<ManagedResource>> managedResources(String name, String project) {
		return managedResources(name, null, project);
	}

	@Override
	public Mono<List<ManagedResource>> managedResources(String name, @Nullable String namespace, String project) {
		return read("reading the managed resources of " + name, ManagedResources.class,
				(uri) -> build(uri, APPLICATION + "/managed-resources", Map.of("name", name),
						scope(namespace, project)))
			.map(ManagedResources::items);
	}

	@Override
	public Mono<RevisionMetadata> revisionMetadata(String name, String project, String revision) {
		return revisionMetadata(name, null, project, revision);
	}

	@Override
	public Mono<RevisionMetadata> revisionMetadata(String name, @Nullable String namespace, String project,
			String revision) {
		return read("reading revision " + revision + " of " + name, RevisionMetadata.class,
				(uri) -> build(uri, APPLICATION + "/revisions/{revision}/metadata",
						Map.of("name", name, "revision", revision), scope(namespace, project)));
	}

	@Override
	public Mono<Application> sync(String name, SyncRequest request) {
		return sync(name, null, request);
	}

	@Override
	public Mono<Application> sync(String name, @Nullable String namespace, SyncRequest request) {
		ObjectNode body = this.json.createObjectNode();
		if (request.revision() != null) {
			body.put("revision", request.revision());
		}
		body.put("prune", request.prune());
		body.put("dryRun", request.dryRun());
		appNamespace(namespace, body);
		if (request.project() != null) {
			body.put("project", request.project());
		}
		return write("syncing " + name, HttpMethod.POST, body, Application.class,
				(uri) -> build(uri, APPLICATION + "/sync", Map.of("name", name), List.of()));
	}

	@Override
	public Mono<Void> terminateOperation(String name, String project) {
		return terminateOperation(name, null, project);
	}

	@Override
	public Mono<Void> terminateOperation(String name, @Nullable String namespace, String project) {
		String action = "terminating the operation of " + name;
		return guard(action, false, authenticated((auth) -> send(action, this.properties.readTimeout(),
				this.web.method(HttpMethod.DELETE)
					.uri((uri) -> build(uri, APPLICATION + "/operation", Map.of("name", name),
							scope(namespace, project)))
					// Argo CD demands it on DELETE too, even without a body
					.contentType(MediaType.APPLICATION_JSON)
					.accept(MediaType.APPLICATION_JSON)
					.headers(auth),
				(response) -> response.releaseBody())));
	}

	@Override
	public Mono<Application> rollback(String name, String project, long historyId, boolean prune, boolean dryRun) {
		return rollback(name, null, project, historyId, prune, dryRun);
	}

	@Override
	public Mono<Application> rollback(String name, @Nullable String namespace, String project, long historyId,
			boolean prune, boolean dryRun) {
		ObjectNode body = this.json.createObjectNode();
		// a number: Argo CD refuses a quoted int64 with 400
		body.put("id", historyId);
		body.put("dryRun", dryRun);
		body.put("prune", prune);
		appNamespace(namespace, body);
		body.put("project", project);
		return write("rolling back " + name + " to history " + historyId, HttpMethod.POST, body, Application.class,
				(uri) -> build(uri, APPLICATION + "/rollback", Map.of("name", name), List.of()));
	}

	@Override
	public Mono<Application> setAutomatedSync(String name, String project, boolean enabled) {
		return setAutomatedSync(name, null, project, enabled);
	}

	@Override
	public Mono<Application> setAutomatedSync(String name, @Nullable String namespace, String project,
			boolean enabled) {
		ObjectNode patch = this.json.createObjectNode();
		// a merge patch of "enabled" alone keeps prune and selfHeal as they are
		patch.putObject("spec").putObject("syncPolicy").putObject("automated").put("enabled", enabled);
		ObjectNode body = this.json.createObjectNode();
		// the patch is a string holding JSON, not an object
		body.put("patch", this.json.writeValueAsString(patch));
		body.put("patchType", "merge");
		appNamespace(namespace, body);
		body.put("project", project);
		return write("turning auto-sync " + (enabled ? "on" : "off") + " for " + name, HttpMethod.PATCH, body,
				Application.class, (uri) -> build(uri, APPLICATION, Map.of("name", name), List.of()));
	}

	/**
	 * Argo CD looks an application up in {@code appNamespace}, its own namespace when none is
	 * sent: only an application elsewhere needs it.
	 */
	private @Nullable String foreignNamespace(@Nullable String namespace) {
		return (namespace != null && !namespace.isBlank() && !namespace.equals(this.properties.namespace()))
				? namespace : null;
	}

	/** The query that addresses one application: its namespace when it needs one, and its project. */
	private List<Map.Entry<String, String>> scope(@Nullable String namespace, String project) {
		String foreign = foreignNamespace(namespace);
		return (foreign != null) ? List.of(Map.entry("appNamespace", foreign), Map.entry("project", project))
				: List.of(Map.entry("project", project));
	}

	private void appNamespace(@Nullable String namespace, ObjectNode body) {
		String foreign = foreignNamespace(namespace);
		if (foreign != null) {
			body.put("appNamespace", foreign);
		}
	}

	@Override
	public Flux<ApplicationWatchEvent> watch(ApplicationQuery query, @Nullable String resourceVersion) {
		return watch(query, resourceVersion, (keepalive) -> {
		});
	}

	@Override
	public Flux<ApplicationWatchEvent> watch(ApplicationQuery query, @Nullable String resourceVersion,
			Consumer<Instant> onKeepalive) {
		String action = "watching applications";
		List<Map.Entry<String, String>> parameters = new ArrayList<>(filters(query));
		if (resourceVersion != null && !resourceVersion.isEmpty()) {
			parameters.add(Map.entry("resourceVersion", resourceVersion));
		}
		return Flux.defer(() -> {
			// the breaker judges connecting, not how long a stream lasts nor how it ends later
			if (!this.breaker.tryAcquirePermission()) {
				return Flux.error(this.failures.circuitOpen(action, this.properties.circuitOpenDuration(),
						CallNotPermittedException.createCallNotPermittedException(this.breaker)));
			}
			long start = System.nanoTime();
			AtomicBoolean judged = new AtomicBoolean();
			Runnable connected = () -> {
				if (judged.compareAndSet(false, true)) {
					this.breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
				}
			};
			return this.credentials
				.apply((auth) -> stream(action, parameters, auth, connected, onKeepalive))
				.doOnError((ex) -> {
					if (judged.compareAndSet(false, true)) {
						if (countsAgainstArgoCd(ex)) {
							this.breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
						}
						else {
							this.breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
						}
					}
				})
				.doOnComplete(connected)
				.doOnCancel(() -> {
					if (judged.compareAndSet(false, true)) {
						this.breaker.releasePermission();
					}
				});
		});
	}

	private Flux<ApplicationWatchEvent> stream(String action, List<Map.Entry<String, String>> parameters,
			Consumer<HttpHeaders> auth, Runnable connected, Consumer<Instant> onKeepalive) {
		Duration idle = this.properties.streamIdleTimeout();
		// no headers arrive before the first event or keepalive: the idle timeout bounds that wait too
		return this.web.get()
			.uri((uri) -> build(uri, "/api/v1/stream/applications", Map.of(), parameters))
			.accept(MediaType.TEXT_EVENT_STREAM)
			.headers(auth)
			.httpRequest((request) -> responseTimeout(request, idle))
			.exchangeToFlux((response) -> {
				if (!response.statusCode().is2xxSuccessful()) {
					return this.<ApplicationWatchEvent>refusal(action, response).flux();
				}
				connected.run();
				MediaType type = response.headers().contentType().orElse(null);
				EventStreamDecoder decoder = (type != null && type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM))
						? EventStreamDecoder.serverSentEvents(this.maxBytes)
						: EventStreamDecoder.newlineDelimitedJson(this.maxBytes);
				return response.body(BodyExtractors.toDataBuffers())
					.concatMapIterable((buffer) -> decoder.feed(bytes(buffer)))
					// buffers prefetched but never decoded when the caller cancels
					.doOnDiscard(DataBuffer.class, DataBufferUtils::release)
					.concatWith(Flux.defer(() -> Flux.fromIterable(decoder.finish())))
					.handle((frame, sink) -> {
						if (frame instanceof EventStreamDecoder.Comment) {
							onKeepalive.accept(Instant.now());
						}
						else if (frame instanceof EventStreamDecoder.Data data) {
							StreamChunk chunk = this.json.readValue(data.data().strip(), StreamChunk.class);
							if (chunk.error() != null && !chunk.error().isNull()) {
								sink.error(this.failures.streamError(action, chunk.error()));
							}
							else if (chunk.result() != null && chunk.result().type() != null
									&& chunk.result().application() != null) {
								sink.next(chunk.result());
							}
						}
					});
			})
			.onErrorMap((ex) -> !(ex instanceof ArgoCdException), (ex) -> this.failures.transport(action, ex, idle));
	}

	private Mono<String> login(String username, String password) {
		String action = "logging in as " + username;
		ObjectNode body = this.json.createObjectNode();
		body.put("username", username);
		body.put("password", password);
		return send(action, this.properties.readTimeout(), this.web.post()
			.uri((uri) -> uri.path("/api/v1/session").build())
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.bodyValue(this.json.writeValueAsBytes(body)), (response) -> decode(action, response, Session.class))
			.flatMap((session) -> (session.token() != null && !session.token().isBlank()) ? Mono.just(session.token())
					: Mono.error(this.failures.unusable(action, 200, "no token in the answer")));
	}

	private <T> Mono<T> read(String action, Class<T> type, Function<UriBuilder, URI> uri) {
		return guard(action, true, authenticated((auth) -> send(action, this.properties.readTimeout(),
				this.web.get().uri(uri).accept(MediaType.APPLICATION_JSON).headers(auth),
				(response) -> decode(action, response, type))));
	}

	private <T> Mono<T> write(String action, HttpMethod method, ObjectNode body, Class<T> type,
			Function<UriBuilder, URI> uri) {
		byte[] bytes = this.json.writeValueAsBytes(body);
		return guard(action, false, authenticated((auth) -> send(action, this.properties.readTimeout(),
				this.web.method(method)
					.uri(uri)
					// exactly this: Argo CD refuses "application/json;charset=UTF-8" with 415
					.contentType(MediaType.APPLICATION_JSON)
					.accept(MediaType.APPLICATION_JSON)
					.headers(auth)
					.bodyValue(bytes),
				(response) -> decode(action, response, type))));
	}

	private <T> Mono<T> authenticated(Function<Consumer<HttpHeaders>, Mono<T>> call) {
		return this.credentials.apply((auth) -> call.apply(auth).flux()).singleOrEmpty();
	}

	private <T> Mono<T> guard(String action, boolean idempotent, Mono<T> call) {
		Mono<T> guarded = call.transform(CircuitBreakerOperator.of(this.breaker))
			.onErrorMap(CallNotPermittedException.class,
					(ex) -> this.failures.circuitOpen(action, this.properties.circuitOpenDuration(), ex));
		if (!idempotent || this.properties.retryAttempts() <= 1) {
			return guarded;
		}
		return guarded.retryWhen(Retry.backoff(this.properties.retryAttempts() - 1, this.properties.retryBackoff())
			.maxBackoff(Duration.ofSeconds(5))
			.jitter(0.5)
			.filter(WebClientArgoCdClient::countsAgainstArgoCd)
			.onRetryExhaustedThrow((spec, signal) -> signal.failure()));
	}

	private <T> Mono<T> send(String action, Duration timeout, WebClient.RequestHeadersSpec<?> request,
			Function<ClientResponse, Mono<T>> onSuccess) {
		return request.httpRequest((native_) -> responseTimeout(native_, timeout))
			.exchangeToMono((response) -> response.statusCode().is2xxSuccessful() ? onSuccess.apply(response)
					: refusal(action, response))
			.onErrorMap((ex) -> !(ex instanceof ArgoCdException), (ex) -> this.failures.transport(action, ex, timeout));
	}

	private <T> Mono<T> refusal(String action, ClientResponse response) {
		int status = response.statusCode().value();
		MediaType type = response.headers().contentType().orElse(null);
		return body(response).defaultIfEmpty(new byte[0])
			.flatMap((body) -> Mono.error(this.failures.refusal(action, status, type, body)));
	}

	private <T> Mono<T> decode(String action, ClientResponse response, Class<T> type) {
		int status = response.statusCode().value();
		return body(response).switchIfEmpty(Mono.error(() -> this.failures.unusable(action, status, "an empty answer")))
			.map((body) -> this.json.readValue(body, type));
	}

	private Mono<byte[]> body(ClientResponse response) {
		return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), this.maxBytes)
			.map(WebClientArgoCdClient::bytes);
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private static void responseTimeout(ClientHttpRequest request, Duration timeout) {
		Object nativeRequest = request.getNativeRequest();
		if (nativeRequest instanceof HttpClientRequest reactorRequest) {
			reactorRequest.responseTimeout(timeout);
		}
	}

	/**
	 * Whether a failure says Argo CD is unavailable (counted by the breaker, worth retrying), as
	 * opposed to an answer about the request or the breaker's own refusal.
	 */
	private static boolean countsAgainstArgoCd(Throwable ex) {
		return ex instanceof ArgoCdException.Unavailable && !(ex instanceof ArgoCdFailures.CircuitOpen);
	}

	private static List<Map.Entry<String, String>> filters(ApplicationQuery query) {
		List<Map.Entry<String, String>> parameters = new ArrayList<>();
		for (String project : query.projects()) {
			// repeatable: Argo CD ORs them
			parameters.add(Map.entry("projects", project));
		}
		if (query.selector() != null && !query.selector().isBlank()) {
			parameters.add(Map.entry("selector", query.selector()));
		}
		if (!query.fields().isEmpty()) {
			parameters.add(Map.entry("fields", String.join(",", query.fields())));
		}
		return parameters;
	}

	/**
	 * Builds a URI with every path and query value passed as a variable, so each is encoded in full
	 * (a {@code +} or {@code {}} in a selector stays what it is).
	 */
	private static URI build(UriBuilder uri, String path, Map<String, String> pathVariables,
			List<Map.Entry<String, String>> query) {
		Map<String, Object> variables = new HashMap<>(pathVariables);
		uri.path(path);
		int index = 0;
		for (Map.Entry<String, String> parameter : query) {
			String variable = "query" + index++;
			uri.queryParam(parameter.getKey(), "{" + variable + "}");
			variables.put(variable, parameter.getValue());
		}
		return uri.build(variables);
	}

	/** {@code {"token": "..."}} of {@code POST /api/v1/session}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Session(@Nullable String token) {
	}

	/** {@code {"items": [...]}} of {@code GET .../managed-resources}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record ManagedResources(List<ManagedResource> items) {

		ManagedResources {
			items = (items != null) ? List.copyOf(items) : List.of();
		}

	}

	/** One chunk of the event stream: an event, or the error that ends the stream. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record StreamChunk(@Nullable ApplicationWatchEvent result, @Nullable JsonNode error) {
	}

	@Override
	public String toString() {
		return "WebClientArgoCdClient[" + this.server + "]";
	}

}
