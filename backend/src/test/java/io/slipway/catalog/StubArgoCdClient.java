package io.slipway.catalog;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.slipway.argocd.Application;
import io.slipway.argocd.ApplicationList;
import io.slipway.argocd.ApplicationQuery;
import io.slipway.argocd.ApplicationWatchEvent;
import io.slipway.argocd.ArgoCdClient;
import io.slipway.argocd.ArgoCdException;
import io.slipway.argocd.ArgoCdVersion;
import io.slipway.argocd.ManagedResource;
import io.slipway.argocd.Refresh;
import io.slipway.argocd.ResourceTree;
import io.slipway.argocd.RevisionMetadata;
import io.slipway.argocd.SyncRequest;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Argo CD's API as a test sets it: answers come from the {@link InMemoryArgoCdApplications}, a
 * refusal can be queued for the next sync, and every call is recorded. Calls the catalog never
 * makes fail loudly.
 */
class StubArgoCdClient implements ArgoCdClient {

	private final InMemoryArgoCdApplications applications;

	private final List<String> calls = new CopyOnWriteArrayList<>();

	private final Map<String, RevisionMetadata> revisions = new ConcurrentHashMap<>();

	private final Map<String, ResourceTree> trees = new ConcurrentHashMap<>();

	private volatile @Nullable ArgoCdException nextFailure;

	StubArgoCdClient(InMemoryArgoCdApplications applications) {
		this.applications = applications;
	}

	List<String> calls() {
		return List.copyOf(this.calls);
	}

	void reset() {
		this.calls.clear();
		this.revisions.clear();
		this.trees.clear();
		this.nextFailure = null;
	}

	void failNextCall(ArgoCdException failure) {
		this.nextFailure = failure;
	}

	void revision(String revision, RevisionMetadata metadata) {
		this.revisions.put(revision, metadata);
	}

	void tree(String application, ResourceTree tree) {
		this.trees.put(application, tree);
	}

	@Override
	public Mono<Application> refresh(String name, String project, Refresh refresh) {
		return answer("refresh " + name + " " + project, () -> known(name));
	}

	@Override
	public Mono<Application> sync(String name, SyncRequest request) {
		return answer("sync " + name + " " + request.project(), () -> Applications.syncing(known(name), "admin"));
	}

	@Override
	public Mono<RevisionMetadata> revisionMetadata(String name, String project, String revision) {
		return answer("revisionMetadata " + name + " " + revision, () -> {
			RevisionMetadata metadata = this.revisions.get(revision);
			if (metadata == null) {
				throw new ArgoCdException.Unavailable("error reading revision " + revision, 500, 2,
						"unable to resolve '" + revision + "' to a commit SHA", null);
			}
			return metadata;
		});
	}

	@Override
	public Mono<ResourceTree> resourceTree(String name, String project) {
		return answer("resourceTree " + name, () -> this.trees.getOrDefault(name, new ResourceTree(List.of())));
	}

	private Application known(String name) {
		return this.applications.find(name)
			.orElseThrow(() -> new ArgoCdException.NotFound("error reading " + name, 404, 5,
					"applications.argoproj.io \"" + name + "\" not found"));
	}

	private <T> Mono<T> answer(String call, java.util.function.Supplier<T> answer) {
		return Mono.fromSupplier(() -> {
			this.calls.add(call);
			ArgoCdException failure = this.nextFailure;
			if (failure != null) {
				this.nextFailure = null;
				throw failure;
			}
			return answer.get();
		});
	}

	@Override
	public Mono<ArgoCdVersion> version() {
		return Mono.error(new UnsupportedOperationException("version"));
	}

	@Override
	public Mono<ApplicationList> list(ApplicationQuery query) {
		return Mono.error(new UnsupportedOperationException("the catalog reads the cache, never lists"));
	}

	@Override
	public Mono<Application> get(String name, String project) {
		return Mono.error(new UnsupportedOperationException("the catalog reads the cache, never gets"));
	}

	@Override
	public Mono<List<ManagedResource>> managedResources(String name, String project) {
		return Mono.error(new UnsupportedOperationException("managedResources"));
	}

	@Override
	public Mono<Void> terminateOperation(String name, String project) {
		return Mono.error(new UnsupportedOperationException("terminateOperation"));
	}

	@Override
	public Mono<Application> rollback(String name, String project, long historyId, boolean prune, boolean dryRun) {
		return Mono.error(new UnsupportedOperationException("rollback"));
	}

	@Override
	public Mono<Application> setAutomatedSync(String name, String project, boolean enabled) {
		return Mono.error(new UnsupportedOperationException("setAutomatedSync"));
	}

	@Override
	public Flux<ApplicationWatchEvent> watch(ApplicationQuery query, @Nullable String resourceVersion) {
		return Flux.error(new UnsupportedOperationException("watch"));
	}

}
