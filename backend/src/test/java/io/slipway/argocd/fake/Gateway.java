package io.slipway.argocd.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP side: Argo CD's enforceContentTypes middleware, grpc-gateway v1.16's router with its
 * plain-text 404/405, the gRPC auth interceptor, and the application service handlers. Faults are
 * applied here, in front of everything, as a slow or broken server would look to a client.
 */
final class Gateway implements HttpHandler {

	static final String VERSION = "v3.5.1+109ca7c";

	private static final Duration SESSION_LIFETIME = Duration.ofHours(24);

	private final ApplicationStore store;

	private final Tokens tokens;

	private final Map<String, String> users = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();

	private final Supplier<URI> url;

	private final List<Route> routes = new ArrayList<>();

	volatile Duration latency = Duration.ZERO;

	/** 0 when not failing. */
	volatile int failStatus;

	volatile Duration keepalive = Duration.ofSeconds(15);

	Gateway(ApplicationStore store, Tokens tokens, Supplier<URI> url) {
		this.store = store;
		this.tokens = tokens;
		this.url = url;
		route("GET", "/api/version", false, this::version);
		route("GET", "/api/v1/settings", false, this::settings);
		route("POST", "/api/v1/session", false, this::login);
		route("DELETE", "/api/v1/session", false, (request) -> GoJson.object());
		route("GET", "/api/v1/session/userinfo", false, this::userInfo);
		route("GET", "/api/v1/applications", true, this::list);
		route("POST", "/api/v1/applications", true, this::create);
		route("GET", "/api/v1/applications/{name}", true, this::get);
		route("PUT", "/api/v1/applications/{name}", true, this::update);
		route("PATCH", "/api/v1/applications/{name}", true, this::patch);
		route("DELETE", "/api/v1/applications/{name}", true, this::delete);
		route("PUT", "/api/v1/applications/{name}/spec", true, this::updateSpec);
		route("GET", "/api/v1/applications/{name}/resource-tree", true, this::resourceTree);
		route("GET", "/api/v1/applications/{name}/managed-resources", true, this::managedResources);
		route("GET", "/api/v1/applications/{name}/revisions/{revision}/metadata", true, this::revisionMetadata);
		route("POST", "/api/v1/applications/{name}/sync", true, this::sync);
		route("POST", "/api/v1/applications/{name}/rollback", true, this::rollback);
		route("DELETE", "/api/v1/applications/{name}/operation", true, this::terminate);
		route("GET", "/api/v1/stream/applications", true, null);
	}

	void addUser(String username, String password) {
		this.users.put(username, password);
	}

	int requestCount(String method, String pathPrefix) {
		long count = 0;
		String prefix = method + " " + pathPrefix;
		for (Map.Entry<String, LongAdder> entry : this.requests.entrySet()) {
			if (entry.getKey().startsWith(prefix)) {
				count += entry.getValue().sum();
			}
		}
		return (int) count;
	}

	// ---------------------------------------------------------------- the request pipeline

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		boolean close = true;
		try {
			String method = exchange.getRequestMethod();
			String path = exchange.getRequestURI().getRawPath();
			this.requests.computeIfAbsent(method + " " + path, (key) -> new LongAdder()).increment();
			delay();
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			try {
				serve(exchange, method, path, body);
			}
			catch (ArgoError error) {
				if (error.isPlainText()) {
					plain(exchange, error.httpStatus, error.getMessage());
				}
				else {
					json(exchange, error.httpStatus, error.body());
				}
			}
			catch (RuntimeException ex) {
				// a gap in the fake should read as a server error, not as a cut connection
				json(exchange, 500, ArgoError.withStatus(500, 13, "fake Argo CD failed: " + ex).body());
			}
		}
		catch (WatchStream.Dropped ex) {
			// leaving the exchange open makes the server cut the connection: no final chunk
			close = false;
			throw ex;
		}
		finally {
			if (close) {
				exchange.close();
			}
		}
	}

	private void serve(HttpExchange exchange, String method, String path, byte[] body) throws IOException {
		if (!path.startsWith("/api/")) {
			throw ArgoError.plain(404, "Not Found\n");
		}
		if (!method.equals("GET")) {
			String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
			if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).equals("application/json")) {
				throw ArgoError.plain(415, "Invalid content type\n");
			}
		}
		List<String> segments = segments(path);
		Map<String, String> variables = new LinkedHashMap<>();
		Route route = match(method, segments, variables);
		Request request = new Request(exchange, variables, query(exchange.getRequestURI()), body);
		if (route.handler == null) {
			stream(request);
			return;
		}
		int failing = this.failStatus;
		if (failing != 0) {
			throw failure(failing);
		}
		if (route.authenticated) {
			request.user = authenticate(exchange);
		}
		JsonNode answer = route.handler.handle(request);
		json(exchange, 200, answer);
	}

	private Route match(String method, List<String> segments, Map<String, String> variables) {
		boolean pathKnown = false;
		for (Route route : this.routes) {
			Map<String, String> found = route.match(segments);
			if (found == null) {
				continue;
			}
			if (route.method.equals(method)) {
				variables.putAll(found);
				return route;
			}
			pathKnown = true;
		}
		throw pathKnown ? ArgoError.plain(405, "Method Not Allowed\n") : ArgoError.plain(404, "Not Found\n");
	}

	private static ArgoError failure(int status) {
		if (status == 503 || status == 502 || status == 504) {
			return ArgoError.withStatus(status, 14, "connection error: desc = \"transport: Error while dialing: "
					+ "dial tcp 127.0.0.1:8083: connect: connection refused\"");
		}
		return ArgoError.withStatus(status, 2, "fake Argo CD failure injected by the test");
	}

	/**
	 * server.go getToken: the bearer header if it looks like a JWT, else the argocd.token cookie.
	 */
	private String authenticate(HttpExchange exchange) {
		String token = null;
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if (authorization != null && authorization.startsWith("Bearer ")) {
			String bearer = authorization.substring("Bearer ".length()).trim();
			if (Tokens.looksLikeJwt(bearer)) {
				token = bearer;
			}
		}
		if (token == null) {
			token = cookie(exchange, "argocd.token");
		}
		if (token == null || token.isEmpty()) {
			throw ArgoError.unauthenticated("no session information");
		}
		return this.tokens.verify(token);
	}

	private @Nullable String optionalUser(HttpExchange exchange) {
		try {
			return authenticate(exchange);
		}
		catch (ArgoError ex) {
			return null;
		}
	}

	private void delay() {
		long millis = this.latency.toMillis();
		if (millis > 0) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	// ---------------------------------------------------------------- handlers

	private JsonNode version(Request request) {
		ObjectNode version = GoJson.object();
		version.put("Version", VERSION);
		if (optionalUser(request.exchange) != null) {
			version.put("BuildDate", "2026-08-12T09:41:07Z");
			version.put("GitCommit", "109ca7ca71139e514114499d294a492e7910a965");
			version.put("GitTag", "v3.5.1");
			version.put("GitTreeState", "clean");
			version.put("GoVersion", "go1.25.5");
			version.put("Compiler", "gc");
			version.put("Platform", "linux/amd64");
			version.put("KustomizeVersion", "v5.7.1 2025-07-23T12:45:29Z");
			version.put("HelmVersion", "v3.18.4+gd80839c");
			version.put("KubectlVersion", "v0.34.0");
			version.put("JsonnetVersion", "v0.21.0");
		}
		return version;
	}

	private JsonNode settings(Request request) {
		ObjectNode settings = GoJson.object();
		settings.put("url", this.url.get().toString());
		settings.put("appLabelKey", "app.kubernetes.io/instance");
		settings.put("controllerNamespace", "argocd");
		return settings;
	}

	private JsonNode login(Request request) {
		ObjectNode body = request.body("session.SessionCreateRequest");
		String username = string(body, "username", "SessionCreateRequest");
		String password = string(body, "password", "SessionCreateRequest");
		if (!string(body, "token", "SessionCreateRequest").isEmpty()) {
			throw ArgoError.unauthenticated(
					"token-based session creation no longer supported. please upgrade argocd cli to v0.7+");
		}
		if (username.isEmpty()) {
			throw ArgoError.unauthenticated("no credentials supplied");
		}
		if (password.isEmpty()) {
			throw ArgoError.unauthenticated("Blank passwords are not allowed");
		}
		if (!password.equals(this.users.get(username))) {
			throw ArgoError.unauthenticated("Invalid username or password");
		}
		String token = this.tokens.issue(username + ":login", Instant.now(), SESSION_LIFETIME);
		request.exchange.getResponseHeaders()
			.add("Set-Cookie", "argocd.token=" + token + "; path=/; SameSite=lax; httpOnly");
		ObjectNode response = GoJson.object();
		response.put("token", token);
		return response;
	}

	private JsonNode userInfo(Request request) {
		ObjectNode info = GoJson.object();
		String user = optionalUser(request.exchange);
		if (user != null) {
			info.put("loggedIn", true);
			info.put("username", user);
			info.put("iss", "argocd");
		}
		return info;
	}

	private JsonNode list(Request request) {
		List<String> projects = request.all("projects", "project");
		String name = request.first("name");
		String appNamespace = request.firstOrEmpty("appNamespace");
		String repo = request.first("repo");
		String selectorText = request.first("selector");
		LabelSelector selector = (selectorText == null || selectorText.isEmpty()) ? null
				: LabelSelector.parse(selectorText);
		FieldProjection fields = FieldProjection.parse(request.query.getOrDefault("fields", List.of()), "items.");
		ApplicationStore.Snapshot snapshot = this.store
			.snapshot((app) -> matches(app, name, projects, repo, selector) && inNamespace(app, appNamespace));
		ObjectNode metadata = GoJson.object();
		metadata.put("resourceVersion", Long.toString(snapshot.resourceVersion()));
		ObjectNode list = GoJson.object();
		if (fields != null) {
			if (snapshot.applications().isEmpty()) {
				list.putNull("items");
			}
			else {
				ArrayNode items = list.putArray("items");
				snapshot.applications().forEach((app) -> items.add(fields.listItem(withoutResourceHealth(app))));
			}
			list.set("metadata", metadata);
			return list;
		}
		list.set("metadata", metadata);
		ArrayNode items = list.putArray("items");
		snapshot.applications().forEach((app) -> items.add(withoutResourceHealth(app)));
		return list;
	}

	private JsonNode create(Request request) {
		throw ArgoError.withStatus(501, 12, "the fake Argo CD creates applications through its test API only");
	}

	private JsonNode get(Request request) {
		String name = request.variables.get("name");
		List<String> projects = request.all("projects", "project");
		if (projects.size() > 1) {
			throw ArgoError.invalidArgument(
					"multiple projects specified - the get endpoint accepts either zero or one project");
		}
		ObjectNode app = visible(name, request.firstOrEmpty("appNamespace"), projects.isEmpty() ? "" : projects.get(0));
		if (!request.query.containsKey("refresh")) {
			return app;
		}
		boolean hard = "hard".equals(request.first("refresh"));
		try {
			return this.store.refresh(name, hard).get(60, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof ArgoError error) ? error : ArgoError.unknown(ex.getMessage());
		}
		catch (TimeoutException ex) {
			throw ArgoError.unknown("application refresh deadline exceeded");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw ArgoError.unknown("application refresh deadline exceeded");
		}
	}

	private JsonNode update(Request request) {
		String name = request.variables.get("name");
		visible(name, request.firstOrEmpty("appNamespace"), request.firstOrEmpty("project"));
		return this.store.updateApplication(name, request.body("v1alpha1.Application"));
	}

	private JsonNode updateSpec(Request request) {
		String name = request.variables.get("name");
		ObjectNode current = visible(name, request.firstOrEmpty("appNamespace"), request.firstOrEmpty("project"));
		ObjectNode changed = GoJson.object();
		changed.set("metadata", current.get("metadata"));
		changed.set("spec", request.body("v1alpha1.ApplicationSpec"));
		return this.store.updateApplication(name, changed).get("spec");
	}

	private JsonNode patch(Request request) {
		String name = request.variables.get("name");
		ObjectNode body = request.body("application.ApplicationPatchRequest");
		String patch = string(body, "patch", "ApplicationPatchRequest");
		String patchType = string(body, "patchType", "ApplicationPatchRequest");
		ObjectNode current = visible(name, string(body, "appNamespace", "ApplicationPatchRequest"),
				string(body, "project", "ApplicationPatchRequest"));
		ObjectNode patched;
		switch (patchType) {
			case "merge" -> patched = (ObjectNode) Patches.merge(current, parsePatch(patch));
			case "json", "" -> patched = Patches.json(current, parsePatch(patch));
			default -> throw ArgoError.invalidArgument("Patch type '" + patchType + "' is not supported");
		}
		return this.store.updateApplication(name, patched);
	}

	private JsonNode delete(Request request) {
		String name = request.variables.get("name");
		visible(name, request.firstOrEmpty("appNamespace"), request.firstOrEmpty("project"));
		this.store.delete(name);
		return GoJson.object();
	}

	private JsonNode resourceTree(Request request) {
		String name = request.variables.get("name");
		ObjectNode app = visible(name, request.firstOrEmpty("appNamespace"), request.firstOrEmpty("project"));
		ApplicationStore.Slot slot = this.store.slot(name);
		JsonNode custom = (slot != null) ? slot.resourceTree : null;
		return (custom != null) ? custom : ResourceTrees.tree(app);
	}

	private JsonNode managedResources(Request request) {
		String name = request.variables.get("name");
		ObjectNode app = visible(name, request.firstOrEmpty("appNamespace"), request.firstOrEmpty("project"));
		ApplicationStore.Slot slot = this.store.slot(name);
		JsonNode custom = (slot != null) ? slot.managedResources : null;
		return (custom != null) ? custom : ResourceTrees.managedResources(app);
	}

	private JsonNode revisionMetadata(Request request) {
		String name = request.variables.get("name");
		String revision = request.variables.get("revision");
		visible(name, request.firstOrEmpty("appNamespace"), request.firstOrEmpty("project"));
		ObjectNode metadata = this.store.revisionMetadata(revision);
		if (metadata != null) {
			return metadata;
		}
		if (!this.store.knowsRevision(revision)) {
			throw ArgoError.unknown("rpc error: code = Unknown desc = failed to get revision metadata: "
					+ "unable to resolve '" + revision + "' to a commit SHA");
		}
		ObjectNode generated = GoJson.object();
		generated.put("author", "Fake Committer <committer@example.com>");
		generated.put("date", "2025-11-20T10:12:44Z");
		generated.put("message", "commit " + revision);
		return generated;
	}

	private JsonNode sync(Request request) {
		String name = request.variables.get("name");
		ObjectNode body = request.body("application.ApplicationSyncRequest");
		String type = "ApplicationSyncRequest";
		String revision = string(body, "revision", type);
		boolean prune = bool(body, "prune", type);
		boolean dryRun = bool(body, "dryRun", type);
		visible(name, string(body, "appNamespace", type), string(body, "project", type));
		// the answer is the object SetAppOperation wrote, before per-resource health is inferred
		return withoutResourceHealth(this.store.sync(name, new ApplicationStore.SyncArguments(request.user, revision,
				prune, dryRun, body.get("strategy"), body.get("resources"), body.get("syncOptions"),
				body.get("retryStrategy"))));
	}

	private JsonNode rollback(Request request) {
		String name = request.variables.get("name");
		ObjectNode body = request.body("application.ApplicationRollbackRequest");
		String type = "ApplicationRollbackRequest";
		long id = int64(body, "id", type);
		boolean prune = bool(body, "prune", type);
		boolean dryRun = bool(body, "dryRun", type);
		visible(name, string(body, "appNamespace", type), string(body, "project", type));
		return withoutResourceHealth(this.store.rollback(name, request.user, id, prune, dryRun));
	}

	private JsonNode terminate(Request request) {
		String name = request.variables.get("name");
		visible(name, request.firstOrEmpty("appNamespace"), request.firstOrEmpty("project"));
		this.store.terminate(name);
		return GoJson.object();
	}

	/**
	 * getAppEnforceRBAC: the app is looked up in {@code appNamespace}, Argo CD's own namespace when
	 * none is given (appNamespaceOrDefault), so an app elsewhere is found only with the right one.
	 * Without a project a missing app is 403, with one a missing app or an app in another project
	 * is 404. Every namespace counts as enabled (apps in any namespace, {@code application.namespaces: *}).
	 */
	private ObjectNode visible(String name, String appNamespace, String project) {
		String namespace = appNamespace.isEmpty() ? ApplicationStore.CONTROL_PLANE_NAMESPACE : appNamespace;
		ApplicationStore.Slot found = this.store.slot(name);
		ApplicationStore.Slot slot = (found != null && namespace.equals(ApplicationStore.namespace(found.app))) ? found
				: null;
		if (project.isEmpty()) {
			if (slot == null) {
				throw ArgoError.permissionDenied("permission denied");
			}
			return slot.app;
		}
		if (slot == null || !project.equals(ApplicationStore.project(slot.app))) {
			throw ArgoError.notFound(name);
		}
		return slot.app;
	}

	// ---------------------------------------------------------------- the stream

	private void stream(Request request) throws IOException {
		HttpExchange exchange = request.exchange;
		boolean sse = "text/event-stream".equals(exchange.getRequestHeaders().getFirst("Accept"));
		ArgoError refusal = null;
		int failing = this.failStatus;
		if (failing != 0) {
			refusal = failure(failing);
		}
		else {
			try {
				request.user = authenticate(exchange);
			}
			catch (ArgoError error) {
				refusal = error;
			}
		}
		if (refusal != null) {
			byte[] json = GoJson.bytes(refusal.streamBody());
			byte[] bytes = sse ? concat("data: ".getBytes(StandardCharsets.US_ASCII), json,
					" \n\n".getBytes(StandardCharsets.US_ASCII)) : json;
			streamHeaders(exchange, sse);
			exchange.sendResponseHeaders(refusal.httpStatus, bytes.length);
			exchange.getResponseBody().write(bytes);
			return;
		}
		List<String> projects = request.all("projects", "project");
		String name = request.first("name");
		String repo = request.first("repo");
		String selectorText = request.first("selector");
		LabelSelector selector = (selectorText == null || selectorText.isEmpty()) ? null
				: LabelSelector.parse(selectorText);
		FieldProjection fields = FieldProjection.parse(request.query.getOrDefault("fields", List.of()), "result.");
		String resourceVersion = request.firstOrEmpty("resourceVersion");
		long minimum = 0;
		try {
			minimum = resourceVersion.isEmpty() ? 0 : Long.parseLong(resourceVersion);
		}
		catch (NumberFormatException ex) {
			// Argo CD compares numerically only what parses
		}
		String appNamespace = request.firstOrEmpty("appNamespace");
		Predicate<WatchEvent> filter = (event) -> matches(event.application, name, projects, repo, selector)
				&& inNamespace(event.application, appNamespace);
		WatchStream stream = new WatchStream(filter, minimum, fields, sse);
		boolean initial = resourceVersion.isEmpty() || (name != null && !name.isEmpty());
		List<WatchEvent> events = this.store.subscribe(stream, initial);
		try {
			OutputStream body = exchange.getResponseBody();
			stream.run(events, body, () -> {
				streamHeaders(exchange, sse);
				exchange.sendResponseHeaders(200, 0);
			}, () -> this.keepalive.toNanos());
		}
		finally {
			this.store.unsubscribe(stream);
		}
	}

	private static void streamHeaders(HttpExchange exchange, boolean sse) {
		exchange.getResponseHeaders().set("Content-Type", sse ? "text/event-stream" : "application/json");
		exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
	}

	// ---------------------------------------------------------------- helpers

	private static boolean matches(JsonNode app, @Nullable String name, List<String> projects, @Nullable String repo,
			@Nullable LabelSelector selector) {
		if (name != null && !name.isEmpty() && !name.equals(ApplicationStore.name(app))) {
			return false;
		}
		if (!projects.isEmpty() && !projects.contains(ApplicationStore.project(app))) {
			return false;
		}
		if (repo != null && !repo.isEmpty()
				&& !repo.equals(app.path("spec").path("source").path("repoURL").asString(""))) {
			return false;
		}
		return selector == null || selector.matches(app.path("metadata").path("labels"));
	}

	/** {@code appNamespace} on list and watch: only that namespace's apps; every namespace without it. */
	private static boolean inNamespace(JsonNode app, String appNamespace) {
		return appNamespace.isEmpty() || appNamespace.equals(ApplicationStore.namespace(app));
	}

	/** List items carry no per-resource health (application.go:2905 adds it on Get and Watch only). */
	private static ObjectNode withoutResourceHealth(ObjectNode app) {
		boolean any = false;
		for (JsonNode resource : app.path("status").path("resources")) {
			any |= resource.has("health");
		}
		if (!any) {
			return app;
		}
		ObjectNode copy = app.deepCopy();
		for (JsonNode resource : copy.path("status").path("resources")) {
			((ObjectNode) resource).remove("health");
		}
		return copy;
	}

	private static JsonNode parsePatch(String patch) {
		try {
			return GoJson.parse(patch);
		}
		catch (JacksonException ex) {
			throw ArgoError.invalidArgument("invalid JSON Document");
		}
	}

	private static String string(ObjectNode body, String field, String type) {
		JsonNode value = body.get(field);
		if (value == null || value.isNull()) {
			return "";
		}
		if (!value.isString()) {
			throw typeError(value, type, field, "string");
		}
		return value.asString();
	}

	private static boolean bool(ObjectNode body, String field, String type) {
		JsonNode value = body.get(field);
		if (value == null || value.isNull()) {
			return false;
		}
		if (!value.isBoolean()) {
			throw typeError(value, type, field, "bool");
		}
		return value.asBoolean();
	}

	private static long int64(ObjectNode body, String field, String type) {
		JsonNode value = body.get(field);
		if (value == null || value.isNull()) {
			return 0;
		}
		if (!value.isIntegralNumber() || !value.canConvertToLong()) {
			throw typeError(value, type, field, "int64");
		}
		return value.asLong();
	}

	/** encoding/json's UnmarshalTypeError text. */
	private static ArgoError typeError(JsonNode value, String type, String field, String goType) {
		String kind;
		if (value.isString()) {
			kind = "string";
		}
		else if (value.isNumber()) {
			kind = "number " + value.asString();
		}
		else if (value.isBoolean()) {
			kind = "bool";
		}
		else if (value.isArray()) {
			kind = "array";
		}
		else {
			kind = "object";
		}
		return ArgoError.invalidArgument(
				"json: cannot unmarshal " + kind + " into Go struct field " + type + "." + field + " of type " + goType);
	}

	private static @Nullable String cookie(HttpExchange exchange, String name) {
		List<String> headers = exchange.getRequestHeaders().get("Cookie");
		if (headers == null) {
			return null;
		}
		for (String header : headers) {
			for (String pair : header.split(";")) {
				String trimmed = pair.trim();
				if (trimmed.startsWith(name + "=")) {
					return trimmed.substring(name.length() + 1);
				}
			}
		}
		return null;
	}

	private static List<String> segments(String rawPath) {
		List<String> segments = new ArrayList<>();
		for (String segment : rawPath.split("/")) {
			if (!segment.isEmpty()) {
				segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
			}
		}
		return segments;
	}

	private static Map<String, List<String>> query(URI uri) {
		Map<String, List<String>> query = new LinkedHashMap<>();
		String raw = uri.getRawQuery();
		if (raw == null || raw.isEmpty()) {
			return query;
		}
		for (String pair : raw.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String key = URLDecoder.decode((equals < 0) ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
			String value = (equals < 0) ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
			query.computeIfAbsent(key, (k) -> new ArrayList<>()).add(value);
		}
		return query;
	}

	private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
		byte[] bytes = GoJson.bytes(body);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	private static void plain(HttpExchange exchange, int status, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
		exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	private static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] all = new byte[length];
		int offset = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, all, offset, part.length);
			offset += part.length;
		}
		return all;
	}

	private void route(String method, String pattern, boolean authenticated, @Nullable Handler handler) {
		this.routes.add(new Route(method, segments(pattern), authenticated, handler));
	}

	@FunctionalInterface
	private interface Handler {

		JsonNode handle(Request request);

	}

	private record Route(String method, List<String> pattern, boolean authenticated, @Nullable Handler handler) {

		@Nullable Map<String, String> match(List<String> segments) {
			if (segments.size() != this.pattern.size()) {
				return null;
			}
			Map<String, String> variables = new LinkedHashMap<>();
			for (int i = 0; i < segments.size(); i++) {
				String expected = this.pattern.get(i);
				if (expected.startsWith("{")) {
					variables.put(expected.substring(1, expected.length() - 1), segments.get(i));
				}
				else if (!expected.equals(segments.get(i))) {
					return null;
				}
			}
			return variables;
		}

	}

	private static final class Request {

		final HttpExchange exchange;

		final Map<String, String> variables;

		final Map<String, List<String>> query;

		final byte[] body;

		String user = "";

		Request(HttpExchange exchange, Map<String, String> variables, Map<String, List<String>> query, byte[] body) {
			this.exchange = exchange;
			this.variables = variables;
			this.query = query;
			this.body = body;
		}

		@Nullable String first(String name) {
			List<String> values = this.query.get(name);
			return (values == null || values.isEmpty()) ? null : values.get(0);
		}

		String firstOrEmpty(String name) {
			String value = first(name);
			return (value != null) ? value : "";
		}

		/** Every non-empty value of the given parameters, in order. */
		List<String> all(String... names) {
			List<String> values = new ArrayList<>();
			for (String name : names) {
				for (String value : this.query.getOrDefault(name, List.of())) {
					if (!value.isEmpty()) {
						values.add(value);
					}
				}
			}
			return values;
		}

		/**
		 * The request body as grpc-gateway decodes it: empty means an empty message, anything but
		 * an object is encoding/json's error.
		 */
		ObjectNode body(String goType) {
			String text = new String(this.body, StandardCharsets.UTF_8).trim();
			if (text.isEmpty()) {
				return GoJson.object();
			}
			JsonNode parsed;
			try {
				parsed = GoJson.parse(text);
			}
			catch (JacksonException ex) {
				char first = text.charAt(0);
				boolean start = first == '{' || first == '[' || first == '"' || first == '-'
						|| Character.isDigit(first) || text.startsWith("true") || text.startsWith("false")
						|| text.startsWith("null");
				throw ArgoError.invalidArgument(
						start ? "unexpected EOF" : "invalid character '" + first + "' looking for beginning of value");
			}
			if (parsed instanceof ObjectNode object) {
				return object;
			}
			String kind = parsed.isArray() ? "array" : parsed.isString() ? "string" : parsed.isNumber() ? "number"
					: parsed.isBoolean() ? "bool" : "null";
			if (parsed.isNull()) {
				return GoJson.object();
			}
			throw ArgoError.invalidArgument("json: cannot unmarshal " + kind + " into Go value of type " + goType);
		}

	}

}
