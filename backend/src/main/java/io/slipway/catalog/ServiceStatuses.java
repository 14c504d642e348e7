package io.slipway.catalog;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.slipway.argocd.Application;
import io.slipway.argocd.ArgoCdApplications;
import io.slipway.argocd.ArgoCdApplications.ApplicationChanged;
import io.slipway.platform.DeclaredService;
import io.slipway.platform.Environment;
import io.slipway.platform.EnvironmentRelease;
import io.slipway.platform.Environments;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Joins what the main branch declares with what the Argo CD cache holds, per service and
 * environment. Everything comes from memory: the listing cached per commit and the cache Argo CD's
 * stream keeps current, so answering costs no call to Git's remote or to Argo CD.
 */
@Component
class ServiceStatuses {

	/** Changes are gathered this long before a page is told, so a burst becomes one update. */
	static final Duration COALESCE = Duration.ofMillis(500);

	private final MainBranchServices services;

	private final ArgoCdAccess argoCd;

	private final Environments environments;

	private final Clock clock;

	/** Moves with every change the Argo CD cache applies; a matrix built before a change is not reused after it. */
	private final AtomicLong applicationsVersion = new AtomicLong();

	private final AtomicReference<@Nullable Built> built = new AtomicReference<>();

	ServiceStatuses(MainBranchServices services, ArgoCdAccess argoCd, Environments environments) {
		this.services = services;
		this.argoCd = argoCd;
		this.environments = environments;
		this.clock = Clock.systemUTC();
		// subscribed before any matrix is built, so no change can slip between a build and its reuse
		this.argoCd.applications().changes().subscribe((change) -> this.applicationsVersion.incrementAndGet());
	}

	CacheView cache() {
		return CacheView.of(this.argoCd.applications().state(), this.clock.instant());
	}

	List<Environment> environments() {
		return this.environments.all();
	}

	/**
	 * @return every service with its environments, in name order, and the cache's freshness
	 */
	Mono<Matrix> matrix() {
		return this.services.current().map((snapshot) -> {
			// read before building: a change applied during the build moves it, and the next caller rebuilds
			long version = this.applicationsVersion.get();
			CacheView cache = cache();
			Built known = this.built.get();
			if (known != null && known.matches(snapshot.commit(), version, cache)) {
				return new Matrix(snapshot.commit(), known.views(), known.attention(), cache);
			}
			Lookup lookup = new Lookup(this.argoCd.applications());
			List<ServiceView> views = new ArrayList<>(snapshot.services().size());
			for (DeclaredService service : snapshot.services()) {
				views.add(view(service, lookup, cache));
			}
			Built fresh = new Built(snapshot.commit(), version, cache.configured(), cache.hasData(), List.copyOf(views),
					views.stream().filter(ServiceView::needsAttention).count());
			this.built.set(fresh);
			return new Matrix(snapshot.commit(), fresh.views(), fresh.attention(), cache);
		});
	}

	/**
	 * The views of one main-branch commit joined with one state of the Argo CD cache. Views depend
	 * on the cache's state only through whether it is configured and has matched Argo CD once
	 * (before that, an absent application is unknown rather than missing).
	 */
	private record Built(String commit, long version, boolean configured, boolean hasData, List<ServiceView> views,
			long attention) {

		boolean matches(String commit, long version, CacheView cache) {
			return this.commit.equals(commit) && this.version == version && this.configured == cache.configured()
					&& this.hasData == cache.hasData();
		}

	}

	/**
	 * @return one service, empty when the main branch declares none of that name
	 */
	Mono<Optional<ServiceView>> service(String name) {
		return this.services.current()
			.map((snapshot) -> snapshot.find(name)
				.map((service) -> view(service, new Lookup(this.argoCd.applications()), cache())));
	}

	/**
	 * @return the service and one of its environments; an {@link UnknownTargetException} when the
	 * main branch declares no such service, or no overlay of it for that environment
	 */
	Mono<Target> target(String service, String environment) {
		return service(service).map((found) -> {
			ServiceView view = found.orElseThrow(() -> UnknownTargetException.service(service));
			EnvironmentView target = view.environment(environment)
				.filter(EnvironmentView::declared)
				.orElseThrow(() -> UnknownTargetException.environment(service, environment));
			return new Target(view, target);
		});
	}

	/**
	 * A service and the environment an action is about.
	 *
	 * @param service the service
	 * @param environment one of its environments, declared in Git
	 */
	record Target(ServiceView service, EnvironmentView environment) {
	}

	/**
	 * Names of the services whose applications changed, gathered over {@link #COALESCE} so that
	 * thousands of changes at once become one set per interval. Hot, like the cache's changes.
	 */
	Flux<Set<String>> changedServices() {
		return this.argoCd.applications()
			.changes()
			.mapNotNull(this::serviceOf)
			.buffer(COALESCE)
			.filter((names) -> !names.isEmpty())
			.map(LinkedHashSet::new);
	}

	private @Nullable String serviceOf(ApplicationChanged change) {
		MainBranchServices.Snapshot snapshot = this.services.latest();
		if (snapshot == null) {
			return null;
		}
		String service = snapshot.serviceByApplication().get(change.name());
		if (service == null && change.application() != null) {
			String path = sourcePath(change.application());
			service = (path != null) ? snapshot.serviceByOverlay().get(path) : null;
		}
		return service;
	}

	private ServiceView view(DeclaredService service, Lookup lookup, CacheView cache) {
		List<EnvironmentView> views = new ArrayList<>();
		for (Environment environment : this.environments.all()) {
			EnvironmentRelease release = service.release(environment.name())
				.orElseGet(() -> new EnvironmentRelease(environment.name(), null, null, null));
			ArgoCdView argoCd = null;
			if (cache.configured()) {
				Application application = lookup.find(environment, service.name(), release);
				argoCd = (application != null)
						? ArgoCdView.of(application, service.name(), environment.argoCdProject(), release.imageTag())
						: ArgoCdView.missing(environment.applicationName(service.name()), environment.argoCdProject());
			}
			views.add(EnvironmentView.of(environment, release, argoCd, cache));
		}
		return new ServiceView(service, views);
	}

	private static @Nullable String sourcePath(Application application) {
		if (application.spec() == null || application.spec().source() == null
				|| application.spec().source().path() == null) {
			return null;
		}
		return application.spec().source().path().replaceAll("^/+|/+$", "");
	}

	/**
	 * Finds a service's application: by the name the infra rules give it, else by the overlay its
	 * source points at (applications named otherwise, e.g. written by hand). The index by path is
	 * built once per lookup, and only when a name misses.
	 */
	private static final class Lookup {

		private final ArgoCdApplications applications;

		private @Nullable Map<String, Application> byPath;

		Lookup(ArgoCdApplications applications) {
			this.applications = applications;
		}

		@Nullable Application find(Environment environment, String service, EnvironmentRelease release) {
			Optional<Application> named = this.applications.find(environment.applicationName(service));
			if (named.isPresent()) {
				return named.get();
			}
			if (release.overlay() == null) {
				return null;
			}
			if (this.byPath == null) {
				Map<String, Application> index = new HashMap<>();
				for (Application application : this.applications.all()) {
					String path = sourcePath(application);
					if (path != null) {
						index.putIfAbsent(path, application);
					}
				}
				this.byPath = index;
			}
			return this.byPath.get(release.overlay());
		}

	}

	/**
	 * Every service at one commit of the main branch, joined with the Argo CD cache.
	 *
	 * @param commit the main branch's commit
	 * @param services in name order
	 * @param attention how many of them need attention
	 * @param cache how fresh the Argo CD part is
	 */
	record Matrix(String commit, List<ServiceView> services, long attention, CacheView cache) {

		/**
		 * One page of the services matching a filter.
		 * @param query part of a service's name, blank for all
		 * @param attentionOnly only services that need attention
		 * @param page 1-based
		 * @param size services per page
		 */
		Page page(String query, boolean attentionOnly, int page, int size) {
			String needle = query.trim().toLowerCase(Locale.ROOT);
			List<ServiceView> matching = (needle.isEmpty() && !attentionOnly) ? this.services : this.services.stream()
				.filter((view) -> needle.isEmpty() || view.name().toLowerCase(Locale.ROOT).contains(needle))
				.filter((view) -> !attentionOnly || view.needsAttention())
				.toList();
			int pages = Math.max(1, (matching.size() + size - 1) / size);
			int current = Math.min(Math.max(1, page), pages);
			List<ServiceView> shown = matching.subList((current - 1) * size,
					Math.min(matching.size(), current * size));
			return new Page(shown, matching.size(), this.services.size(), this.attention, current, pages);
		}

		Optional<ServiceView> find(String name) {
			return this.services.stream().filter((view) -> view.name().equals(name)).findFirst();
		}

	}

	/**
	 * A page of the matrix.
	 *
	 * @param services the services shown
	 * @param matching how many match the filter
	 * @param total how many services the main branch declares
	 * @param attention how many of all need attention
	 * @param number this page, 1-based
	 * @param pages how many pages the filter gives
	 */
	record Page(List<ServiceView> services, int matching, int total, long attention, int number, int pages) {

		Set<String> names() {
			Set<String> names = new LinkedHashSet<>();
			this.services.forEach((view) -> names.add(view.name()));
			return names;
		}

	}

}
