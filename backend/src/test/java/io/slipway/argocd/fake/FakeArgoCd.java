package io.slipway.argocd.fake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real HTTP server on 127.0.0.1 that answers like Argo CD v3.5.1's API server and application
 * controller, built from the contract pack rather than from guesses, so Slipway's client, cache
 * and pages are tested against the wire format they meet in production: Go-style JSON, the exact
 * error bodies, the SSE framing of the stream, the sync lifecycle as a series of MODIFIED events,
 * the rollback refusal while auto-sync is on. Faults (down, slow, 5xx, dropped streams) can be
 * switched on to test resilience.
 *
 * <p>Each Application is a Jackson tree, replaced (never changed) on every update, so reads take no
 * lock; a stream's own request thread writes to its socket, so a slow client only delays itself.
 * The fake's "controller" runs each step of a sync a few milliseconds apart, so every step is its
 * own event as in Argo CD.
 */
public final class FakeArgoCd implements AutoCloseable {

	/** The user {@link #token()} is issued for; also the {@code initiatedBy.username} of its syncs. */
	public static final String ADMIN = "admin";

	private final ExecutorService handlers;

	private final ScheduledExecutorService controller;

	private final Tokens tokens = new Tokens();

	private final ApplicationStore store;

	private final Gateway gateway;

	private final int port;

	private @Nullable HttpServer server;

	private volatile @Nullable String token;

	private FakeArgoCd() {
		this.handlers = Executors.newCachedThreadPool(threads("fake-argocd-http"));
		this.controller = Executors.newSingleThreadScheduledExecutor(threads("fake-argocd-controller"));
		this.store = new ApplicationStore(this.controller);
		this.gateway = new Gateway(this.store, this.tokens, this::url);
		this.server = bind(0);
		this.port = this.server.getAddress().getPort();
	}

	/**
	 * Starts a fake on a random free port of 127.0.0.1.
	 * @return the running fake
	 */
	public static FakeArgoCd start() {
		return new FakeArgoCd();
	}

	/**
	 * @return {@code http://127.0.0.1:<port>}; stays the same across {@link #goDown()} and
	 * {@link #comeBack()}
	 */
	public URI url() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	// ---------------------------------------------------------------- auth

	/**
	 * @return a valid bearer token (an HS256 JWT for the user {@value #ADMIN}); a new one after
	 * {@link #invalidateTokens()}
	 */
	public String token() {
		String current = this.token;
		if (current == null) {
			current = this.tokens.issue(ADMIN + ":apiKey", Instant.now(), Duration.ofDays(365));
			this.token = current;
		}
		return current;
	}

	/**
	 * @return a correctly signed token whose {@code exp} has passed: 401
	 * {@code invalid session: token has invalid claims: token is expired}
	 */
	public String expiredToken() {
		return this.tokens.issue(ADMIN + ":login", Instant.now().minus(Duration.ofHours(25)), Duration.ofHours(24));
	}

	/**
	 * Lets {@code POST /api/v1/session} log this user in.
	 */
	public void addLocalUser(String username, String password) {
		this.gateway.addUser(username, password);
	}

	/**
	 * Changes the signing secret: every token issued so far, session tokens included, now gets
	 * 401 {@code invalid session: token signature is invalid: signature is invalid}.
	 */
	public void invalidateTokens() {
		this.tokens.rotate();
		this.token = null;
	}

	// ---------------------------------------------------------------- applications

	/**
	 * Adds an Application like the contract pack's examples: Synced, Healthy, auto-sync on (prune,
	 * selfHeal), one history entry (id 0, automated), a Service and a Deployment, labels
	 * {@code service}/{@code env} split from a {@code <service>-<env>} name.
	 * @param imageTag the tag the Deployment runs, as {@code ghcr.io/example-org/<service>:<tag>};
	 * a value containing {@code :} or {@code /} is taken as the whole image reference
	 */
	public FakeApplication createApplication(String name, String project, String repoUrl, String path,
			String destinationNamespace, String imageTag) {
		String head = sha("initial/" + name);
		String now = GoJson.time(Instant.now());
		int dash = name.lastIndexOf('-');
		String service = (dash > 0) ? name.substring(0, dash) : name;
		String image = image(service, imageTag);

		ObjectNode app = GoJson.object();
		ObjectNode metadata = app.putObject("metadata");
		metadata.put("name", name);
		metadata.put("namespace", "argocd");
		metadata.put("uid", ApplicationStore.uid("application/" + name));
		metadata.put("resourceVersion", "0");
		metadata.put("generation", 1);
		metadata.put("creationTimestamp", now);
		if (dash > 0) {
			ObjectNode labels = metadata.putObject("labels");
			labels.put("env", name.substring(dash + 1));
			labels.put("service", service);
		}
		metadata.putArray("finalizers").add("resources-finalizer.argocd.argoproj.io");

		ObjectNode source = GoJson.object();
		source.put("repoURL", repoUrl);
		source.put("path", path);
		source.put("targetRevision", "main");
		ObjectNode destination = GoJson.object();
		destination.put("server", "https://kubernetes.default.svc");
		destination.put("namespace", destinationNamespace);
		ObjectNode spec = app.putObject("spec");
		spec.set("source", source.deepCopy());
		spec.set("destination", destination.deepCopy());
		spec.put("project", project);
		ObjectNode policy = spec.putObject("syncPolicy");
		ObjectNode automated = policy.putObject("automated");
		automated.put("prune", true);
		automated.put("selfHeal", true);
		policy.putArray("syncOptions").add("CreateNamespace=true");

		ObjectNode status = app.putObject("status");
		ArrayNode resources = status.putArray("resources");
		resources.add(resource(null, "Service", destinationNamespace, service));
		resources.add(resource("apps", "Deployment", destinationNamespace, service));
		ObjectNode sync = status.putObject("sync");
		sync.put("status", "Synced");
		ObjectNode comparedTo = sync.putObject("comparedTo");
		comparedTo.set("source", source.deepCopy());
		comparedTo.set("destination", destination.deepCopy());
		sync.put("revision", head);
		ObjectNode health = status.putObject("health");
		health.put("status", "Healthy");
		health.put("lastTransitionTime", now);
		ObjectNode entry = status.putArray("history").addObject();
		entry.put("revision", head);
		entry.put("deployedAt", now);
		entry.put("id", 0);
		entry.set("source", source.deepCopy());
		entry.put("deployStartedAt", now);
		entry.putObject("initiatedBy").put("automated", true);
		status.put("reconciledAt", now);
		ObjectNode state = status.putObject("operationState");
		ObjectNode operation = state.putObject("operation");
		ObjectNode operationSync = operation.putObject("sync");
		operationSync.put("revision", head);
		operationSync.put("prune", true);
		operationSync.set("source", source.deepCopy());
		operationSync.putArray("syncOptions").add("CreateNamespace=true");
		operation.putObject("initiatedBy").put("automated", true);
		operation.putObject("retry").put("limit", 5);
		state.put("phase", "Succeeded");
		state.put("message", "successfully synced (all tasks run)");
		ObjectNode result = state.putObject("syncResult");
		ArrayNode results = result.putArray("resources");
		results.add(resourceResult("", "Service", destinationNamespace, service, "service/" + service + " unchanged",
				null));
		results.add(resourceResult("apps", "Deployment", destinationNamespace, service,
				"deployment.apps/" + service + " configured", image));
		result.put("revision", head);
		result.set("source", source.deepCopy());
		state.put("startedAt", now);
		state.put("finishedAt", now);
		status.put("sourceType", "Kustomize");
		status.putObject("summary").putArray("images").add(image);
		status.put("resourceHealthSource", "appTree");
		status.put("controllerNamespace", "argocd");
		status.putObject("sourceHydrator");

		this.store.put(app, head, List.of(image));
		return application(name).orElseThrow();
	}

	/**
	 * Adds or replaces an Application given as JSON, e.g. {@code application.json} of the contract
	 * pack. Its resource version is kept when it is ahead of the fake's, so Get answers the example.
	 */
	public void loadApplication(String json) {
		JsonNode parsed = GoJson.parse(json);
		if (!(parsed instanceof ObjectNode app) || ApplicationStore.name(app).isEmpty()) {
			throw new IllegalArgumentException("an Application needs metadata.name");
		}
		String head = app.path("status").path("sync").path("revision").asString("");
		if (head.isEmpty()) {
			JsonNode history = app.path("status").path("history");
			head = history.isEmpty() ? sha("initial/" + ApplicationStore.name(app))
					: history.get(history.size() - 1).path("revision").asString();
		}
		List<String> images = new java.util.ArrayList<>();
		app.path("status").path("summary").path("images").forEach((image) -> images.add(image.asString()));
		this.store.put(app, head, images);
	}

	/**
	 * @return a snapshot of the Application as Get would answer it now
	 */
	public Optional<FakeApplication> application(String name) {
		ApplicationStore.Slot slot = this.store.slot(name);
		if (slot == null) {
			return Optional.empty();
		}
		return Optional.of(new FakeApplication(slot.app.deepCopy(), slot.head));
	}

	/**
	 * Sets {@code status.health} (and the Deployment's health), as the controller would after a
	 * rollout went bad or recovered.
	 * @param message null for none
	 */
	public void setHealth(String name, String status, @Nullable String message) {
		this.store.setHealth(name, status, message);
	}

	/**
	 * Moves the Application's object to another namespace, as with Argo CD's "apps in any
	 * namespace": from then on per-application calls find it only with that {@code appNamespace}
	 * (without it, 404 with a project and 403 without, as for a missing app).
	 */
	public void setNamespace(String name, String namespace) {
		this.store.setNamespace(name, namespace);
	}

	/**
	 * Sets {@code status.sync} directly; unlike {@link #commit(String, String)} this never starts
	 * an auto-sync.
	 * @param revision the SHA the app was compared with, which also becomes its head; null keeps it
	 */
	public void setSync(String name, String status, @Nullable String revision) {
		this.store.setSync(name, status, revision);
	}

	/**
	 * Sets {@code status.summary.images} (the live pods' images), sorted and de-duplicated.
	 */
	public void setImages(String name, List<String> images) {
		this.store.setImages(name, images);
	}

	/**
	 * Switches auto-sync on or off as the UI does ({@code automated.enabled}); switching it on
	 * makes the controller sync an OutOfSync app, as after a rollback.
	 */
	public void setAutomatedSync(String name, boolean enabled) {
		this.store.setAutomatedSync(name, enabled);
	}

	/**
	 * A new commit on the tracked branch: the app goes OutOfSync at {@code revision}; with auto-sync
	 * on, the controller then syncs it ({@code initiatedBy.automated}).
	 */
	public void commit(String name, String revision) {
		this.store.commit(name, revision, null);
	}

	/**
	 * Like {@link #commit(String, String)}, where the commit sets the image tag, so a sync to it
	 * makes the pods run that image.
	 */
	public void commit(String name, String revision, String imageTag) {
		ApplicationStore.Slot slot = this.store.slot(name);
		String service = (slot != null) ? ResourceTrees.workload(slot.app) : name;
		this.store.commit(name, revision, List.of(image(service, imageTag)));
	}

	/**
	 * Removes the Application: a DELETED event, then 403/404 on Get.
	 */
	public void deleteApplication(String name) {
		this.store.delete(name);
	}

	/**
	 * What {@code GET .../revisions/{revision}/metadata} answers for this revision.
	 * @param author {@code Name <email>}
	 */
	public void setRevisionMetadata(String revision, String author, Instant date, String message) {
		setRevisionMetadata(revision, author, date, message, List.of());
	}

	/**
	 * Like {@link #setRevisionMetadata(String, String, Instant, String)}, with the tags pointing at it.
	 */
	public void setRevisionMetadata(String revision, String author, Instant date, String message, List<String> tags) {
		ObjectNode metadata = GoJson.object();
		metadata.put("author", author);
		metadata.put("date", GoJson.time(date));
		if (!tags.isEmpty()) {
			ArrayNode list = metadata.putArray("tags");
			tags.forEach(list::add);
		}
		metadata.put("message", message);
		this.store.setRevisionMetadata(revision, metadata);
	}

	/**
	 * Replaces the generated resource tree of one Application, e.g. with {@code resource-tree.json}.
	 */
	public void setResourceTree(String name, String json) {
		this.store.setResourceTree(name, GoJson.parse(json));
	}

	/**
	 * Replaces the generated managed resources of one Application.
	 */
	public void setManagedResources(String name, String json) {
		this.store.setManagedResources(name, GoJson.parse(json));
	}

	/**
	 * How long a sync stays Running before its history entry and Succeeded (default 100 ms).
	 */
	public void setSyncDuration(Duration duration) {
		this.store.setSyncDuration(duration);
	}

	/**
	 * The next sync (manual, rollback or automated) ends {@code Failed} with this message and
	 * writes no history entry.
	 */
	public void failNextSync(String message) {
		this.store.failNextSync(message);
	}

	// ---------------------------------------------------------------- faults

	/**
	 * Closes the port: connections are refused and open streams are cut until {@link #comeBack()}.
	 */
	public synchronized void goDown() {
		if (this.server == null) {
			return;
		}
		dropStreams();
		this.server.stop(0);
		this.server = null;
	}

	/**
	 * Listens again on the same port.
	 */
	public synchronized void comeBack() {
		if (this.server == null) {
			this.server = bind(this.port);
		}
	}

	/**
	 * Delays every response, streams included, by {@code latency}.
	 */
	public void setLatency(Duration latency) {
		this.gateway.latency = latency;
	}

	/**
	 * Answers every API call with this status and an Argo CD error body: code 14
	 * {@code connection error ...} for 502/503/504 (the gateway cannot reach the API), code 2
	 * otherwise. Streams answer with the stream-error body. The 415/404/405 gateway checks still
	 * come first.
	 */
	public void failWith(int httpStatus) {
		this.gateway.failStatus = httpStatus;
	}

	public void stopFailing() {
		this.gateway.failStatus = 0;
	}

	/**
	 * Cuts every open stream mid-flight (the connection closes without the final chunk).
	 */
	public void dropStreams() {
		for (WatchStream stream : this.store.streams()) {
			stream.drop();
		}
	}

	/**
	 * How often an idle SSE stream writes the keepalive {@code :\n} (Argo CD: 15 s). Takes effect
	 * from each stream's next keepalive.
	 */
	public void setKeepaliveInterval(Duration interval) {
		this.gateway.keepalive = interval;
	}

	// ---------------------------------------------------------------- observation

	/**
	 * @param pathPrefix e.g. {@code /api/v1/applications}; compared with the raw path
	 * @return how many requests with this method and a path starting with the prefix arrived
	 */
	public int requestCount(String method, String pathPrefix) {
		return this.gateway.requestCount(method, pathPrefix);
	}

	/**
	 * Calls {@code observer} with every change to an application (the tree after the change,
	 * not to be modified) the moment it happens, before any stream delivers it: for benchmarks
	 * that time how long Slipway takes to see a change. Runs under the fake's lock: keep it short.
	 */
	public void observe(Consumer<JsonNode> observer) {
		this.store.observe(observer::accept);
	}

	/**
	 * @return the number of application streams currently open
	 */
	public int openStreams() {
		return this.store.streams().size();
	}

	@Override
	public void close() {
		goDown();
		this.controller.shutdownNow();
		this.handlers.shutdownNow();
	}

	// ---------------------------------------------------------------- internals

	private HttpServer bind(int port) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (true) {
			try {
				HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
						128);
				created.createContext("/", this.gateway);
				created.setExecutor(this.handlers);
				created.start();
				return created;
			}
			catch (BindException ex) {
				if (System.nanoTime() > deadline) {
					throw new UncheckedIOException("error binding the fake Argo CD to port " + port, ex);
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("error starting the fake Argo CD", ex);
			}
		}
	}

	private static String image(String service, String imageTag) {
		if (imageTag.contains(":") || imageTag.contains("/")) {
			return imageTag;
		}
		return "ghcr.io/example-org/" + service + ":" + imageTag;
	}

	private static ObjectNode resource(@Nullable String group, String kind, String namespace, String name) {
		ObjectNode resource = GoJson.object();
		if (group != null) {
			resource.put("group", group);
		}
		resource.put("version", "v1");
		resource.put("kind", kind);
		resource.put("namespace", namespace);
		resource.put("name", name);
		resource.put("status", "Synced");
		resource.putObject("health").put("status", "Healthy");
		return resource;
	}

	private static ObjectNode resourceResult(String group, String kind, String namespace, String name, String message,
			@Nullable String image) {
		ObjectNode result = GoJson.object();
		result.put("group", group);
		result.put("version", "v1");
		result.put("kind", kind);
		result.put("namespace", namespace);
		result.put("name", name);
		result.put("status", "Synced");
		result.put("message", message);
		result.put("hookPhase", "Running");
		result.put("syncPhase", "Sync");
		if (image != null) {
			result.putArray("images").add(image);
		}
		return result;
	}

	static String sha(String seed) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-1").digest(seed.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is not available", ex);
		}
	}

	private static ThreadFactory threads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
