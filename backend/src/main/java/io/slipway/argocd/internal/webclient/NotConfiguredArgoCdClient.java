package io.slipway.argocd.internal.webclient;

import java.util.List;

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
 * The client while {@code slipway.argocd.url} is not set: it exists so that callers need no
 * special case, and every call fails with {@link ArgoCdException.NotConfigured}, which names the
 * setting.
 */
final class NotConfiguredArgoCdClient implements ArgoCdClient {

	@Override
	public Mono<ArgoCdVersion> version() {
		return Mono.error(ArgoCdException.NotConfigured::new);
	}

	@Override
	public Mono<ApplicationList> list(ApplicationQuery query) {
		return Mono.error(ArgoCdException.NotConfigured::new);
	}

	@Override
	public Mono<Application> get(String name, String project) {
		return Mono.error(ArgoCdException.NotConfigured::new);
	}

	@Override
	public Mono<Application> refresh(String name, String project, Refresh refresh) {
		return Mono.error(ArgoCdException.NotConfigured::new);
	}

	@Override
	public Mono<ResourceTree> resourceTree(String name, String project) {
		return Mono.error(ArgoCdException.NotConfigured::new);
	}

	@Override
	public Mono<List<ManagedResource>> managedResources(String name, String project) {
		return Mono.error(ArgoCdException.NotConfigured::new);
	}

	@Override
	public Mono<RevisionMetadata> revisionMetadata(String name, String project, String revision) {
		return Mono.error(ArgoCdException.NotConfigured::new);
	}

	@Override
	public Mono<Application> sync(String name, SyncRequest request) {
		return Mono.error(ArgoCdException.NotConfigured::new);
	}

	@Override
	public Mono<Void> terminateOperation(String name, String project) {
		return Mono.error(ArgoCdException.NotConfigured::new);
	}

	@Override
	public Mono<Application> rollback(String name, String project, long historyId, boolean prune, boolean dryRun) {
		return Mono.error(ArgoCdException.NotConfigured::new);
	}

	@Override
	public Mono<Application> setAutomatedSync(String name, String project, boolean enabled) {
		return Mono.error(ArgoCdException.NotConfigured::new);
	}

	@Override
	public Flux<ApplicationWatchEvent> watch(ApplicationQuery query, @Nullable String resourceVersion) {
		return Flux.error(ArgoCdException.NotConfigured::new);
	}

	@Override
	public String toString() {
		return "NotConfiguredArgoCdClient";
	}

}
