package io.slipway.catalog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.slipway.gitops.CommitSummary;
import io.slipway.gitops.GitOpsRepository;
import io.slipway.gitops.UnknownRefException;
import io.slipway.platform.DeclaredService;
import io.slipway.platform.Environment;
import io.slipway.platform.EnvironmentRelease;
import io.slipway.platform.Environments;
import io.slipway.platform.ServiceReleases;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The services the main branch declares, read once per commit of the main branch and then served
 * from memory: a listing walks every overlay of the repository, far too slow to repeat on each
 * page view of a thousand services. Asking costs one look at the branch's tip in the local copy.
 * Concurrent callers that find a new commit share one read.
 */
@Component
class MainBranchServices {

	private final ServiceReleases releases;

	private final GitOpsRepository gitOps;

	private final Environments environments;

	private final AtomicReference<@Nullable Snapshot> latest = new AtomicReference<>();

	private final AtomicReference<@Nullable Loading> loading = new AtomicReference<>();

	MainBranchServices(ServiceReleases releases, GitOpsRepository gitOps, Environments environments) {
		this.releases = releases;
		this.gitOps = gitOps;
		this.environments = environments;
	}

	/**
	 * @return the services at the main branch's current tip
	 */
	Mono<Snapshot> current() {
		// the common case on every page view: main has not moved since the snapshot was read
		Snapshot known = this.latest.get();
		if (known != null && this.gitOps.knownTip(this.gitOps.mainBranch()).filter(known.commit()::equals).isPresent()) {
			return Mono.just(known);
		}
		return this.gitOps.head(this.gitOps.mainBranch())
			// a main branch without commits (a fresh, unseeded repository) declares no services yet
			.onErrorResume(UnknownRefException.class, (ex) -> Mono.just(Optional.empty()))
			.flatMap((head) -> head.map(this::at).orElseGet(() -> Mono.just(Snapshot.empty(this.environments.all()))));
	}

	/**
	 * @return the last snapshot read, {@code null} before the first; for mapping Argo CD's changes
	 * to services without touching Git
	 */
	@Nullable Snapshot latest() {
		return this.latest.get();
	}

	private Mono<Snapshot> at(CommitSummary head) {
		Snapshot known = this.latest.get();
		if (known != null && known.commit().equals(head.id())) {
			return Mono.just(known);
		}
		Loading running = this.loading.get();
		if (running != null && running.commit().equals(head.id())) {
			return running.snapshot();
		}
		Mono<Snapshot> read = this.releases.listAt(head.id())
			.map((services) -> Snapshot.of(head.id(), services, this.environments.all()))
			.doOnNext(this.latest::set)
			.doFinally((signal) -> this.loading.updateAndGet((current) -> (current != null
					&& current.commit().equals(head.id())) ? null : current))
			.cache();
		Loading started = new Loading(head.id(), read);
		Loading winner = this.loading.updateAndGet((current) -> (current != null && current.commit().equals(head.id()))
				? current : started);
		return winner.snapshot();
	}

	private record Loading(String commit, Mono<Snapshot> snapshot) {
	}

	/**
	 * The services of one commit of the main branch, indexed for the lookups pages make.
	 *
	 * @param commit the commit, empty when the branch has none
	 * @param services by name
	 * @param byName the same, keyed by name
	 * @param serviceByApplication service name by the Argo CD application name the infra rules give
	 * it ({@code <service>-<environment>})
	 * @param serviceByOverlay service name by overlay folder, for applications named otherwise
	 */
	record Snapshot(String commit, List<DeclaredService> services, Map<String, DeclaredService> byName,
			Map<String, String> serviceByApplication, Map<String, String> serviceByOverlay) {

		static Snapshot empty(List<Environment> environments) {
			return of("", List.of(), environments);
		}

		static Snapshot of(String commit, List<DeclaredService> services, List<Environment> environments) {
			Map<String, String> byApplication = new HashMap<>();
			Map<String, String> byOverlay = new HashMap<>();
			for (DeclaredService service : services) {
				for (Environment environment : environments) {
					byApplication.put(environment.applicationName(service.name()), service.name());
				}
				for (EnvironmentRelease release : service.environments()) {
					if (release.overlay() != null) {
						byOverlay.put(release.overlay(), service.name());
					}
				}
			}
			return new Snapshot(commit, List.copyOf(services),
					services.stream().collect(Collectors.toUnmodifiableMap(DeclaredService::name, Function.identity())),
					Map.copyOf(byApplication), Map.copyOf(byOverlay));
		}

		Optional<DeclaredService> find(String name) {
			return Optional.ofNullable(this.byName.get(name));
		}

	}

}
