package io.slipway.argocd.fake;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Applications and the part of Argo CD's controller the portal can observe. Every change
 * copies the application's tree, bumps the resource version and is offered to the open streams
 * under one lock, so streams see changes in resource-version order; readers never take the lock
 * and socket writes never happen under it.
 */
final class ApplicationStore {

	/** The namespace the fake's Argo CD runs in, where an app is looked up without {@code appNamespace}. */
	static final String CONTROL_PLANE_NAMESPACE = "argocd";


	static final String REFRESH_ANNOTATION = "argocd.argoproj.io/refresh";

	static final String HYDRATE_ANNOTATION = "argocd.argoproj.io/hydrate";

	/** How long the fake controller takes to pick up a request, so each step is its own event. */
	private static final long TICK_MILLIS = 10;

	private final ReentrantLock lock = new ReentrantLock();

	private final ConcurrentHashMap<String, Slot> apps = new ConcurrentHashMap<>();

	private final List<WatchStream> streams = new CopyOnWriteArrayList<>();

	private final List<Consumer<ObjectNode>> observers = new CopyOnWriteArrayList<>();

	private final Map<String, ObjectNode> revisionMetadata = new ConcurrentHashMap<>();

	private final ScheduledExecutorService controller;

	/** Guarded by {@link #lock}. */
	private long resourceVersion = 1000;

	/** Guarded by {@link #lock}. */
	private @Nullable String nextSyncFailure;

	private volatile Duration syncDuration = Duration.ofMillis(100);

	ApplicationStore(ScheduledExecutorService controller) {
		this.controller = controller;
	}

	/** One application: its current tree (replaced, never changed) and the controller's notes. */
	static final class Slot {

		volatile ObjectNode app;

		/** The SHA {@code spec.source.targetRevision} resolves to now. Guarded by the lock. */
		String head;

		/** Images each revision runs, for the summary after a sync. Guarded by the lock. */
		final Map<String, List<String>> imagesByRevision = new HashMap<>();

		/** Bumped whenever an operation starts or ends, so stale controller steps stop. */
		long operation;

		@Nullable String failure;

		volatile @Nullable JsonNode resourceTree;

		volatile @Nullable JsonNode managedResources;

		Slot(ObjectNode app, String head) {
			this.app = app;
			this.head = head;
		}

	}

	// ---------------------------------------------------------------- reads (no lock)

	@Nullable Slot slot(String name) {
		return this.apps.get(name);
	}

	/** A consistent list: the resource version and the applications as of that version. */
	record Snapshot(long resourceVersion, List<ObjectNode> applications) {
	}

	Snapshot snapshot(Predicate<ObjectNode> filter) {
		List<ObjectNode> matching = new ArrayList<>();
		long version;
		this.lock.lock();
		try {
			version = this.resourceVersion;
			for (Slot slot : this.apps.values()) {
				matching.add(slot.app);
			}
		}
		finally {
			this.lock.unlock();
		}
		matching.removeIf(filter.negate());
		matching.sort(Comparator.comparing(ApplicationStore::name));
		return new Snapshot(version, matching);
	}

	/**
	 * Registers a stream and returns the initial ADDED events it must send first (none when
	 * {@code initial} is false), taken atomically with the registration so no change falls between.
	 */
	List<WatchEvent> subscribe(WatchStream stream, boolean initial) {
		this.lock.lock();
		try {
			this.streams.add(stream);
			if (!initial) {
				return List.of();
			}
			List<WatchEvent> events = new ArrayList<>();
			for (Slot slot : this.apps.values()) {
				WatchEvent event = new WatchEvent("ADDED", slot.app, resourceVersionOf(slot.app));
				if (stream.wants(event)) {
					events.add(event);
				}
			}
			events.sort(Comparator.comparing((WatchEvent event) -> event.name));
			return events;
		}
		finally {
			this.lock.unlock();
		}
	}

	void unsubscribe(WatchStream stream) {
		this.streams.remove(stream);
	}

	List<WatchStream> streams() {
		return List.copyOf(this.streams);
	}

	@Nullable ObjectNode revisionMetadata(String revision) {
		return this.revisionMetadata.get(revision);
	}

	boolean knowsRevision(String revision) {
		return locked(() -> knows(revision));
	}

	private boolean knows(String revision) {
		for (Slot slot : this.apps.values()) {
			if (revision.equals(slot.head) || slot.imagesByRevision.containsKey(revision)) {
				return true;
			}
			for (JsonNode entry : slot.app.path("status").path("history")) {
				if (revision.equals(entry.path("revision").asString())) {
					return true;
				}
			}
		}
		return this.revisionMetadata.containsKey(revision);
	}

	// ---------------------------------------------------------------- test hooks

	void setSyncDuration(Duration duration) {
		this.syncDuration = duration;
	}

	void failNextSync(String message) {
		locked(() -> this.nextSyncFailure = message);
	}

	void setRevisionMetadata(String revision, ObjectNode metadata) {
		this.revisionMetadata.put(revision, metadata);
	}

	/** Adds or replaces an application as given, keeping its resource version if it is ahead. */
	void put(ObjectNode app, String head, List<String> images) {
		locked(() -> {
			String name = name(app);
			long loaded = resourceVersionOf(app);
			if (loaded > this.resourceVersion) {
				this.resourceVersion = loaded - 1;
			}
			Slot slot = this.apps.get(name);
			String type = (slot == null) ? "ADDED" : "MODIFIED";
			if (slot == null) {
				slot = new Slot(app, head);
				this.apps.put(name, slot);
			}
			else {
				slot.head = head;
				slot.operation++;
			}
			if (!images.isEmpty()) {
				String synced = app.path("status").path("sync").path("revision").asString(head);
				slot.imagesByRevision.put(synced, List.copyOf(images));
			}
			publish(slot, app, type);
		});
	}

	void delete(String name) {
		locked(() -> {
			Slot slot = require(name);
			slot.operation++;
			this.apps.remove(name);
			publish(slot, slot.app.deepCopy(), "DELETED");
		});
	}

	void setHealth(String name, String status, @Nullable String message) {
		update(name, (slot, app) -> setHealth(app, status, message));
	}

	void setNamespace(String name, String namespace) {
		update(name, (slot, app) -> object(app, "metadata").put("namespace", namespace));
	}

	void setSync(String name, String status, @Nullable String revision) {
		update(name, (slot, app) -> {
			ObjectNode sync = object(status(app), "sync");
			sync.put("status", status);
			if (revision != null) {
				sync.put("revision", revision);
				slot.head = revision;
			}
		});
	}

	void setImages(String name, List<String> images) {
		update(name, (slot, app) -> {
			setSummaryImages(app, images);
			slot.imagesByRevision.put(app.path("status").path("sync").path("revision").asString(slot.head),
					List.copyOf(images));
		});
	}

	void setAutomatedSync(String name, boolean enabled) {
		update(name, (slot, app) -> {
			ObjectNode policy = object(object(app, "spec"), "syncPolicy");
			JsonNode automated = policy.get("automated");
			if (automated instanceof ObjectNode existing) {
				existing.put("enabled", enabled);
			}
			else if (enabled) {
				ObjectNode created = policy.putObject("automated");
				created.put("prune", true);
				created.put("selfHeal", true);
			}
			bumpGeneration(app);
		});
		reconcileLater(name);
	}

	/** A new commit on the tracked branch: OutOfSync now, auto-sync (if on) a moment later. */
	void commit(String name, String revision, @Nullable List<String> images) {
		update(name, (slot, app) -> {
			slot.head = revision;
			if (images != null) {
				slot.imagesByRevision.put(revision, List.copyOf(images));
			}
			ObjectNode sync = object(status(app), "sync");
			sync.put("status", "OutOfSync");
			sync.put("revision", revision);
			status(app).put("reconciledAt", GoJson.time(Instant.now()));
		});
		reconcileLater(name);
	}

	void setResourceTree(String name, JsonNode tree) {
		require(name).resourceTree = tree;
	}

	void setManagedResources(String name, JsonNode resources) {
		require(name).managedResources = resources;
	}

	// ---------------------------------------------------------------- API operations

	/**
	 * Adds the refresh annotations, then lets the controller process them; the future completes
	 * with the application as it is once the controller has removed the refresh annotation.
	 */
	CompletableFuture<ObjectNode> refresh(String name, boolean hard) {
		String type = hard ? "hard" : "normal";
		update(name, (slot, app) -> {
			ObjectNode annotations = object(object(app, "metadata"), "annotations");
			annotations.put(REFRESH_ANNOTATION, type);
			annotations.put(HYDRATE_ANNOTATION, type);
		});
		CompletableFuture<ObjectNode> processed = new CompletableFuture<>();
		later(() -> {
			try {
				processed.complete(update(name, (slot, app) -> {
					JsonNode annotations = app.path("metadata").get("annotations");
					if (annotations instanceof ObjectNode object) {
						object.remove(REFRESH_ANNOTATION);
					}
					status(app).put("reconciledAt", GoJson.time(Instant.now()));
				}));
				reconcile(name);
			}
			catch (ArgoError ex) {
				processed.completeExceptionally(ex);
			}
		});
		return processed;
	}

	/** The request's fields that matter to the fake's sync. */
	record SyncArguments(String username, @Nullable String revision, boolean prune, boolean dryRun,
			@Nullable JsonNode strategy, @Nullable JsonNode resources, @Nullable JsonNode syncOptions,
			@Nullable JsonNode retry) {
	}

	ObjectNode sync(String name, SyncArguments arguments) {
		return locked(() -> {
			Slot slot = require(name);
			ObjectNode current = slot.app;
			JsonNode source = current.path("spec").path("source");
			String target = source.path("targetRevision").asString("");
			if (target.isEmpty()) {
				target = "HEAD";
			}
			String requested = (arguments.revision() == null || arguments.revision().isEmpty()) ? null
					: arguments.revision();
			if (requested != null && !requested.equals(target) && isAutomatedSyncEnabled(current)
					&& !arguments.dryRun()) {
				throw ArgoError.failedPrecondition(
						"Cannot sync to " + requested + ": auto-sync currently set to " + target);
			}
			String resolved = resolve(slot, (requested != null) ? requested : target, target);
			if (current.has("operation")) {
				throw ArgoError.failedPrecondition("another operation is already in progress");
			}
			ObjectNode sync = GoJson.object();
			sync.put("revision", resolved);
			if (arguments.prune()) {
				sync.put("prune", true);
			}
			if (arguments.dryRun()) {
				sync.put("dryRun", true);
			}
			if (arguments.strategy() != null && arguments.strategy().isObject()) {
				sync.set("syncStrategy", strategy(arguments.strategy()));
			}
			if (arguments.resources() != null && arguments.resources().isArray()
					&& !arguments.resources().isEmpty()) {
				sync.set("resources", arguments.resources().deepCopy());
			}
			sync.set("source", source.deepCopy());
			JsonNode options = (arguments.syncOptions() != null) ? arguments.syncOptions().path("items")
					: current.path("spec").path("syncPolicy").path("syncOptions");
			if (options.isArray() && !options.isEmpty()) {
				sync.set("syncOptions", options.deepCopy());
			}
			ObjectNode initiatedBy = GoJson.object();
			initiatedBy.put("username", arguments.username());
			ObjectNode retry = (arguments.retry() instanceof ObjectNode given) ? given.deepCopy() : GoJson.object();
			return startOperation(slot, sync, initiatedBy, retry);
		});
	}

	ObjectNode rollback(String name, String username, long id, boolean prune, boolean dryRun) {
		return locked(() -> {
			Slot slot = require(name);
			ObjectNode current = slot.app;
			if (isAutomatedSyncEnabled(current)) {
				throw ArgoError.failedPrecondition("rollback cannot be initiated when auto-sync is enabled");
			}
			JsonNode deployment = null;
			for (JsonNode entry : current.path("status").path("history")) {
				if (entry.path("id").asLong(-1) == id) {
					deployment = entry;
				}
			}
			if (deployment == null) {
				// application.go names an app outside the server's namespace by <namespace>/<name>
				String qualified = CONTROL_PLANE_NAMESPACE.equals(namespace(current)) ? name
						: namespace(current) + "/" + name;
				throw ArgoError.invalidArgument(
						"application " + qualified + " does not have deployment with id " + id);
			}
			if (!deployment.has("source") && !deployment.has("sources")) {
				throw ArgoError.invalidArgument(
						"cannot rollback to revision deployed with Argo CD v0.11 or lower. sync to revision instead.");
			}
			if (current.has("operation")) {
				throw ArgoError.failedPrecondition("another operation is already in progress");
			}
			ObjectNode sync = GoJson.object();
			sync.put("revision", deployment.path("revision").asString());
			if (prune) {
				sync.put("prune", true);
			}
			if (dryRun) {
				sync.put("dryRun", true);
			}
			sync.putObject("syncStrategy").putObject("apply");
			sync.set("source", deployment.path("source").deepCopy());
			JsonNode options = current.path("spec").path("syncPolicy").path("syncOptions");
			if (options.isArray() && !options.isEmpty()) {
				sync.set("syncOptions", options.deepCopy());
			}
			ObjectNode initiatedBy = GoJson.object();
			initiatedBy.put("username", username);
			return startOperation(slot, sync, initiatedBy, GoJson.object());
		});
	}

	void terminate(String name) {
		locked(() -> {
			Slot slot = require(name);
			ObjectNode current = slot.app;
			if (!current.has("operation") || !current.path("status").has("operationState")) {
				throw ArgoError.invalidArgument("Unable to terminate operation. No operation is in progress");
			}
			long operation = ++slot.operation;
			update(slot, (app) -> ((ObjectNode) app.path("status").path("operationState")).put("phase", "Terminating"));
			later(() -> locked(() -> {
				if (slot.operation != operation || this.apps.get(name) != slot) {
					return;
				}
				slot.operation++;
				reconcileLater(name);
				update(slot, (app) -> {
					ObjectNode state = (ObjectNode) app.path("status").path("operationState");
					state.put("phase", "Failed");
					state.put("message", "Operation terminated");
					state.put("finishedAt", GoJson.time(Instant.now()));
					app.remove("operation");
					bumpGeneration(app);
				});
			}));
		});
	}

	/**
	 * Takes spec, labels, annotations and finalizers from {@code changed}, as Argo CD's updateApp
	 * does, and lets the controller react (auto-sync switched on syncs an OutOfSync app).
	 */
	ObjectNode updateApplication(String name, ObjectNode changed) {
		ObjectNode updated = update(name, (slot, app) -> {
			if (changed.get("spec") instanceof ObjectNode spec) {
				app.set("spec", spec.deepCopy());
			}
			ObjectNode metadata = object(app, "metadata");
			for (String key : List.of("labels", "annotations", "finalizers")) {
				JsonNode value = changed.path("metadata").get(key);
				if (value == null || value.isNull() || value.isEmpty()) {
					metadata.remove(key);
				}
				else {
					metadata.set(key, value.deepCopy());
				}
			}
			bumpGeneration(app);
		});
		reconcileLater(name);
		return updated;
	}

	// ---------------------------------------------------------------- the controller

	/** Caller holds the lock. */
	private ObjectNode startOperation(Slot slot, ObjectNode sync, ObjectNode initiatedBy, ObjectNode retry) {
		long operation = ++slot.operation;
		slot.failure = this.nextSyncFailure;
		this.nextSyncFailure = null;
		ObjectNode started = update(slot, (app) -> {
			ObjectNode op = GoJson.object();
			op.set("sync", sync);
			op.set("initiatedBy", initiatedBy);
			op.set("retry", retry);
			app.set("operation", op);
			status(app).remove("operationState");
			bumpGeneration(app);
		});
		String name = name(started);
		later(() -> run(name, slot, operation));
		return started;
	}

	private void run(String name, Slot slot, long operation) {
		locked(() -> {
			if (!current(name, slot, operation)) {
				return;
			}
			update(slot, (app) -> {
				JsonNode op = app.get("operation");
				ObjectNode state = GoJson.object();
				state.set("operation", op.deepCopy());
				state.put("phase", "Running");
				state.put("message", "one or more tasks are running");
				ObjectNode result = state.putObject("syncResult");
				result.put("revision", op.path("sync").path("revision").asString());
				result.set("source", op.path("sync").path("source").deepCopy());
				state.put("startedAt", GoJson.time(Instant.now()));
				status(app).set("operationState", state);
			});
		});
		this.controller.schedule(() -> apply(name, slot, operation), this.syncDuration.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	private void apply(String name, Slot slot, long operation) {
		boolean succeeded = locked(() -> {
			if (!current(name, slot, operation)) {
				return false;
			}
			String failure = slot.failure;
			if (failure != null) {
				slot.failure = null;
				finish(slot, "Failed", failure);
				return false;
			}
			JsonNode sync = slot.app.path("operation").path("sync");
			if (!sync.path("dryRun").asBoolean(false) && !sync.has("resources")) {
				update(slot, (app) -> addHistory(app, slot));
			}
			return true;
		});
		if (succeeded) {
			later(() -> complete(name, slot, operation));
		}
	}

	private void complete(String name, Slot slot, long operation) {
		boolean progressing = locked(() -> {
			if (!current(name, slot, operation)) {
				return false;
			}
			JsonNode sync = slot.app.path("operation").path("sync");
			boolean applied = !sync.path("dryRun").asBoolean(false);
			String revision = sync.path("revision").asString();
			List<String> images = imagesOf(slot, revision);
			finish(slot, "Succeeded", "successfully synced (all tasks run)");
			// Argo CD's controller refreshes after the operation: a separate update, a separate event
			if (applied) {
				update(slot, (app) -> {
					ObjectNode status = status(app);
					ObjectNode syncStatus = object(status, "sync");
					syncStatus.put("status", revision.equals(slot.head) ? "Synced" : "OutOfSync");
					syncStatus.put("revision", slot.head);
					setSummaryImages(app, images);
					setHealth(app, "Progressing", "Waiting for rollout to finish: 1 old replicas are pending termination...");
					status.put("reconciledAt", GoJson.time(Instant.now()));
				});
			}
			return applied;
		});
		if (progressing) {
			this.controller.schedule(() -> locked(() -> {
				if (this.apps.get(name) == slot && "Progressing".equals(healthOf(slot.app))) {
					update(slot, (app) -> setHealth(app, "Healthy", null));
				}
			}), Math.max(TICK_MILLIS, this.syncDuration.toMillis() / 2), TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Caller holds the lock: ends the operation with {@code phase}, removing {@code operation}, and
	 * lets auto-sync look again, as a commit may have arrived while the operation ran.
	 */
	private void finish(Slot slot, String phase, String message) {
		slot.operation++;
		reconcileLater(name(slot.app));
		update(slot, (app) -> {
			ObjectNode state = (ObjectNode) status(app).get("operationState");
			state.put("phase", phase);
			state.put("message", message);
			ObjectNode result = object(state, "syncResult");
			if (!"Failed".equals(phase)) {
				String revision = result.path("revision").asString();
				result.set("resources", syncedResources(app, imagesOf(slot, revision)));
			}
			state.put("finishedAt", GoJson.time(Instant.now()));
			app.remove("operation");
			bumpGeneration(app);
		});
	}

	private boolean current(String name, Slot slot, long operation) {
		return this.apps.get(name) == slot && slot.operation == operation && slot.app.has("operation")
				&& !"Terminating".equals(slot.app.path("status").path("operationState").path("phase").asString());
	}

	private void reconcileLater(String name) {
		later(() -> reconcile(name));
	}

	/** Auto-sync: an OutOfSync app whose head was not attempted yet gets an automated operation. */
	private void reconcile(String name) {
		locked(() -> {
			Slot slot = this.apps.get(name);
			if (slot == null) {
				return;
			}
			ObjectNode app = slot.app;
			if (!isAutomatedSyncEnabled(app) || app.has("operation")
					|| !"OutOfSync".equals(app.path("status").path("sync").path("status").asString())) {
				return;
			}
			String attempted = app.path("status").path("operationState").path("syncResult").path("revision")
				.asString("");
			if (attempted.equals(slot.head)) {
				return;
			}
			ObjectNode sync = GoJson.object();
			sync.put("revision", slot.head);
			if (app.path("spec").path("syncPolicy").path("automated").path("prune").asBoolean(false)) {
				sync.put("prune", true);
			}
			sync.set("source", app.path("spec").path("source").deepCopy());
			JsonNode options = app.path("spec").path("syncPolicy").path("syncOptions");
			if (options.isArray() && !options.isEmpty()) {
				sync.set("syncOptions", options.deepCopy());
			}
			ObjectNode initiatedBy = GoJson.object();
			initiatedBy.put("automated", true);
			ObjectNode retry = GoJson.object();
			retry.put("limit", 5);
			startOperation(slot, sync, initiatedBy, retry);
		});
	}

	private void addHistory(ObjectNode app, Slot slot) {
		ObjectNode status = status(app);
		ArrayNode history = (status.get("history") instanceof ArrayNode existing) ? existing
				: status.putArray("history");
		long id = history.isEmpty() ? 0 : history.get(history.size() - 1).path("id").asLong() + 1;
		JsonNode op = app.path("operation");
		ObjectNode entry = GoJson.object();
		entry.put("revision", op.path("sync").path("revision").asString());
		entry.put("deployedAt", GoJson.time(Instant.now()));
		entry.put("id", id);
		entry.set("source", op.path("sync").path("source").deepCopy());
		String started = status.path("operationState").path("startedAt").asString(null);
		if (started != null) {
			entry.put("deployStartedAt", started);
		}
		entry.set("initiatedBy", op.path("initiatedBy").deepCopy());
		history.add(entry);
		int limit = app.path("spec").path("revisionHistoryLimit").asInt(10);
		while (history.size() > Math.max(limit, 1)) {
			history.remove(0);
		}
	}

	private List<String> imagesOf(Slot slot, String revision) {
		List<String> images = slot.imagesByRevision.get(revision);
		if (images != null) {
			return images;
		}
		List<String> current = new ArrayList<>();
		for (JsonNode image : slot.app.path("status").path("summary").path("images")) {
			current.add(image.asString());
		}
		return current;
	}

	private static ArrayNode syncedResources(ObjectNode app, List<String> images) {
		ArrayNode resources = GoJson.array();
		for (JsonNode resource : app.path("status").path("resources")) {
			ObjectNode result = GoJson.object();
			result.put("group", resource.path("group").asString(""));
			result.put("version", resource.path("version").asString(""));
			result.put("kind", resource.path("kind").asString(""));
			result.put("namespace", resource.path("namespace").asString(""));
			result.put("name", resource.path("name").asString(""));
			result.put("status", "Synced");
			String kind = resource.path("kind").asString("").toLowerCase(java.util.Locale.ROOT);
			String group = resource.path("group").asString("");
			result.put("message", kind + (group.isEmpty() ? "" : "." + group) + "/"
					+ resource.path("name").asString("") + " configured");
			result.put("hookPhase", "Running");
			result.put("syncPhase", "Sync");
			if ("Deployment".equals(resource.path("kind").asString()) && !images.isEmpty()) {
				ArrayNode list = result.putArray("images");
				images.forEach(list::add);
			}
			resources.add(result);
		}
		return resources;
	}

	// ---------------------------------------------------------------- mutation plumbing

	private interface Change {

		void apply(Slot slot, ObjectNode app);

	}

	private ObjectNode update(String name, Change change) {
		return locked(() -> {
			Slot slot = require(name);
			return update(slot, (app) -> change.apply(slot, app));
		});
	}

	/** Caller holds the lock. */
	private ObjectNode update(Slot slot, Consumer<ObjectNode> change) {
		ObjectNode app = slot.app.deepCopy();
		change.accept(app);
		publish(slot, app, "MODIFIED");
		return app;
	}

	void observe(Consumer<ObjectNode> observer) {
		this.observers.add(observer);
	}

	/** Caller holds the lock. */
	private void publish(Slot slot, ObjectNode app, String type) {
		long version = ++this.resourceVersion;
		object(app, "metadata").put("resourceVersion", Long.toString(version));
		GoJson.canonicalize(app);
		if (!"DELETED".equals(type)) {
			slot.app = app;
		}
		WatchEvent event = new WatchEvent(type, app, version);
		// before the streams, so an observer's clock reads the moment of the change
		for (Consumer<ObjectNode> observer : this.observers) {
			observer.accept(app);
		}
		for (WatchStream stream : this.streams) {
			stream.offer(event);
		}
	}

	private Slot require(String name) {
		Slot slot = this.apps.get(name);
		if (slot == null) {
			throw ArgoError.notFound(name);
		}
		return slot;
	}

	private String resolve(Slot slot, String revision, String target) {
		if (revision.equals(target) || revision.equals("HEAD")) {
			return slot.head;
		}
		if (revision.matches("[0-9a-f]{40}")) {
			return revision;
		}
		throw ArgoError.failedPrecondition("error resolving repo revision: rpc error: code = Unknown desc = "
				+ "unable to resolve '" + revision + "' to a commit SHA");
	}

	private void later(Runnable step) {
		this.controller.schedule(() -> {
			try {
				step.run();
			}
			catch (ArgoError ex) {
				// the application went away meanwhile
			}
		}, TICK_MILLIS, TimeUnit.MILLISECONDS);
	}

	private void locked(Runnable action) {
		this.lock.lock();
		try {
			action.run();
		}
		finally {
			this.lock.unlock();
		}
	}

	private <T> T locked(java.util.function.Supplier<T> action) {
		this.lock.lock();
		try {
			return action.get();
		}
		finally {
			this.lock.unlock();
		}
	}

	// ---------------------------------------------------------------- JSON helpers

	static String name(JsonNode app) {
		return app.path("metadata").path("name").asString();
	}

	/** Where the Application object lives; Argo CD's own namespace unless it says otherwise. */
	static String namespace(JsonNode app) {
		String namespace = app.path("metadata").path("namespace").asString("");
		return namespace.isEmpty() ? CONTROL_PLANE_NAMESPACE : namespace;
	}

	static String project(JsonNode app) {
		return app.path("spec").path("project").asString("");
	}

	static long resourceVersionOf(JsonNode app) {
		try {
			return Long.parseLong(app.path("metadata").path("resourceVersion").asString("0"));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	static String healthOf(JsonNode app) {
		return app.path("status").path("health").path("status").asString("");
	}

	/** types.go IsAutomatedSyncEnabled: {@code automated} present and {@code enabled} absent or true. */
	static boolean isAutomatedSyncEnabled(JsonNode app) {
		JsonNode automated = app.path("spec").path("syncPolicy").get("automated");
		if (automated == null || !automated.isObject()) {
			return false;
		}
		JsonNode enabled = automated.get("enabled");
		return enabled == null || enabled.isNull() || enabled.asBoolean();
	}

	static ObjectNode status(ObjectNode app) {
		return object(app, "status");
	}

	static ObjectNode object(ObjectNode parent, String key) {
		JsonNode child = parent.get(key);
		if (child instanceof ObjectNode object) {
			return object;
		}
		return parent.putObject(key);
	}

	private static void bumpGeneration(ObjectNode app) {
		ObjectNode metadata = object(app, "metadata");
		metadata.put("generation", metadata.path("generation").asLong(0) + 1);
	}

	static void setHealth(ObjectNode app, String status, @Nullable String message) {
		ObjectNode health = object(status(app), "health");
		boolean changed = !status.equals(health.path("status").asString());
		health.put("status", status);
		if (message == null || message.isEmpty()) {
			health.remove("message");
		}
		else {
			health.put("message", message);
		}
		if (changed || !health.has("lastTransitionTime")) {
			health.put("lastTransitionTime", GoJson.time(Instant.now()));
		}
		for (JsonNode resource : app.path("status").path("resources")) {
			if ("Deployment".equals(resource.path("kind").asString()) && resource.has("health")) {
				ObjectNode resourceHealth = GoJson.object();
				resourceHealth.put("status", status);
				if (message != null && !message.isEmpty()) {
					resourceHealth.put("message", message);
				}
				((ObjectNode) resource).set("health", resourceHealth);
			}
		}
	}

	static void setSummaryImages(ObjectNode app, List<String> images) {
		ObjectNode summary = object(status(app), "summary");
		if (images.isEmpty()) {
			summary.remove("images");
			return;
		}
		ArrayNode list = summary.putArray("images");
		new TreeSet<>(images).forEach(list::add);
	}

	private static ObjectNode strategy(JsonNode requested) {
		ObjectNode strategy = GoJson.object();
		for (String kind : List.of("apply", "hook")) {
			JsonNode value = requested.get(kind);
			if (value != null && value.isObject()) {
				ObjectNode copy = strategy.putObject(kind);
				if (value.path("force").asBoolean(false)) {
					copy.put("force", true);
				}
			}
		}
		return strategy;
	}

	static String uid(String seed) {
		return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
	}

}
