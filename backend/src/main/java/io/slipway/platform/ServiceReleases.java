package io.slipway.platform;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.slipway.gitops.CommitSummary;
import io.slipway.gitops.GitOpsRepository;
import io.slipway.gitops.UnknownRefException;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Which release each environment of each service is set to run, as the main branch of the infra
 * repository declares it: the image tag of the environment's overlay ({@code images[].newTag} of
 * its {@code kustomization.yaml}) and the overlay's last commit.
 * <p>
 * Both layouts count. A folder {@code services/<name>} (the infra rules) has its overlays in
 * {@code overlays/<env>}; a folder {@code packages/<name>} with a {@code k8s} folder (the services
 * guide) has them in {@code k8s/overlays/<env>}, or {@code prod} for the production environment and
 * {@code dev} for the others. When the conventional folder is missing, the environment's Argo CD
 * Application {@code argocd/apps/<env>/<name>.yaml} says where the overlay is.
 * <p>
 * Everything is read at one commit of the main branch from Slipway's copy of the repository, so a
 * listing is consistent and costs no network round trip. A malformed kustomization shows as an
 * overlay without an image tag rather than failing the listing.
 */
@Component
public class ServiceReleases {

	static final String SERVICES = "services";

	static final String PACKAGES = "packages";

	private static final String KUSTOMIZATION = "kustomization.yaml";

	// reads come from the local copy: a few in parallel keep a long listing short without
	// starving the bounded-elastic pool
	private static final int READ_CONCURRENCY = 4;

	private final GitOpsRepository gitOps;

	private final Environments environments;

	public ServiceReleases(GitOpsRepository gitOps, Environments environments) {
		this.gitOps = gitOps;
		this.environments = environments;
	}

	/**
	 * Every service the main branch declares, by name.
	 *
	 * @return the services; empty while the main branch has no commits
	 */
	public Mono<List<DeclaredService>> list() {
		return read(null, true);
	}

	/**
	 * Every service the main branch declares, without the commit that last changed each overlay
	 * ({@link EnvironmentRelease#commit()} is {@code null}): for callers that need names, overlays
	 * or image tags, since finding those commits walks the history.
	 *
	 * @return the services; empty while the main branch has no commits
	 */
	public Mono<List<DeclaredService>> listWithoutHistory() {
		return read(null, false);
	}

	/**
	 * One service, or empty when the main branch declares no service of that name.
	 */
	public Mono<Optional<DeclaredService>> find(String name) {
		return find(name, true);
	}

	/**
	 * One service, or empty when the main branch declares no service of that name, without the
	 * commit that last changed each overlay ({@link EnvironmentRelease#commit()} is {@code null}).
	 * A promotion looks its service up at every step and decides on image tags alone; for a
	 * service whose overlays were last changed long ago, finding those commits walked the
	 * history back that far each time.
	 */
	public Mono<Optional<DeclaredService>> findWithoutHistory(String name) {
		return find(name, false);
	}

	private Mono<Optional<DeclaredService>> find(String name, boolean history) {
		if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
			return Mono.just(Optional.empty());
		}
		return read(name, history).map((services) -> services.stream().findFirst());
	}

	/**
	 * Every service as one commit of the infra repository declares it, for callers that cache a
	 * listing per commit of the main branch.
	 *
	 * @param commit a commit id (or branch name) of the infra repository
	 * @return the services; an error {@link UnknownRefException} when the commit does not exist
	 */
	public Mono<List<DeclaredService>> listAt(String commit) {
		return readAt(commit, null, true);
	}

	/**
	 * The image tag an overlay set at one commit: what a release was at that commit, for history
	 * that joins Argo CD's synced revisions with Git.
	 *
	 * @param commit a commit id of the infra repository
	 * @param overlay the overlay folder, e.g. {@code services/payments/overlays/staging}
	 * @return the tag, empty when the overlay or its tag did not exist at that commit; an error
	 * {@link UnknownRefException} when the commit does not exist
	 */
	public Mono<Optional<String>> imageTagAt(String commit, String overlay) {
		return this.gitOps.readFile(commit, overlay + "/" + KUSTOMIZATION)
			.map((content) -> content.flatMap(ServiceReleases::imageTag));
	}

	private Mono<List<DeclaredService>> read(@Nullable String only, boolean history) {
		return this.gitOps.head(this.gitOps.mainBranch())
			.onErrorResume(UnknownRefException.class, (ex) -> Mono.just(Optional.empty()))
			.flatMap((head) -> head.map((commit) -> readAt(commit.id(), only, history))
				.orElseGet(() -> Mono.just(List.of())));
	}

	private Mono<List<DeclaredService>> readAt(String commit, @Nullable String only, boolean history) {
		String services = (only != null) ? SERVICES + "/" + only : SERVICES;
		String packages = (only != null) ? PACKAGES + "/" + only : PACKAGES;
		// for one service, listing every Argo CD application file would cost more than reading the
		// one or two it may need
		Mono<Optional<Set<String>>> applications = (only != null) ? Mono.just(Optional.empty())
				: this.gitOps.listFiles(commit, "argocd/apps").map((listed) -> Optional.of(Set.copyOf(listed)));
		return Mono.zip(this.gitOps.listFiles(commit, services), this.gitOps.listFiles(commit, packages), applications)
			.flatMap((listed) -> {
				Set<String> files = new LinkedHashSet<>(listed.getT1());
				files.addAll(listed.getT2());
				List<Folder> folders = folders(files);
				if (folders.isEmpty()) {
					return Mono.just(List.<DeclaredService>of());
				}
				return overlays(commit, folders, files, listed.getT3().orElse(null))
					.flatMap((overlays) -> describe(commit, folders, files, overlays, history));
			});
	}

	/** A service folder: {@code services/<name>} or {@code packages/<name>}. */
	private record Folder(String name, String path, boolean packages) {

		String record() {
			return this.path + (this.packages ? "/k8s/slipway.yaml" : "/slipway.yaml");
		}

		String overlaysRoot() {
			return this.path + (this.packages ? "/k8s/overlays/" : "/overlays/");
		}

	}

	private static List<Folder> folders(Set<String> files) {
		Map<String, Folder> byName = new TreeMap<>();
		for (String file : files) {
			String[] segments = file.split("/");
			// a file straight under services/ (the seeded .gitkeep, a README) is not a service
			if (segments.length < 3) {
				continue;
			}
			if (segments[0].equals(SERVICES)) {
				byName.putIfAbsent(segments[1], new Folder(segments[1], SERVICES + "/" + segments[1], false));
			}
			else if (segments[0].equals(PACKAGES) && segments.length >= 4 && segments[2].equals("k8s")) {
				// services/<name> wins when a name is in both layouts: it is what the infra rules prescribe
				byName.putIfAbsent(segments[1], new Folder(segments[1], PACKAGES + "/" + segments[1], true));
			}
		}
		return List.copyOf(byName.values());
	}

	/**
	 * Folder of each service's overlay per environment, keyed {@code <name>/<env>}; absent when the
	 * service has no overlay for that environment.
	 * @param applications the Argo CD application files, {@code null} to read the ones needed
	 * without knowing whether they exist
	 */
	private Mono<Map<String, String>> overlays(String commit, List<Folder> folders, Set<String> files,
			@Nullable Set<String> applications) {
		Map<String, String> overlays = new HashMap<>();
		List<String[]> fromApplications = new ArrayList<>();
		for (Folder folder : folders) {
			for (Environment environment : this.environments.all()) {
				String key = folder.name() + "/" + environment.name();
				String conventional = conventionalOverlay(folder, environment, files);
				String application = "argocd/apps/" + environment.name() + "/" + folder.name() + ".yaml";
				if (conventional != null) {
					overlays.put(key, conventional);
				}
				else if (applications == null || applications.contains(application)) {
					fromApplications.add(new String[] { key, application });
				}
			}
		}
		return Flux.fromIterable(fromApplications)
			.flatMap((entry) -> this.gitOps.readFile(commit, entry[1])
				.map((content) -> content.flatMap(ServiceReleases::applicationPath)
					.filter((path) -> files.contains(path + "/" + KUSTOMIZATION))
					.map((path) -> new String[] { entry[0], path })), READ_CONCURRENCY)
			.filter(Optional::isPresent)
			.map(Optional::get)
			.collectList()
			.map((found) -> {
				found.forEach((entry) -> overlays.put(entry[0], entry[1]));
				return overlays;
			});
	}

	private static @Nullable String conventionalOverlay(Folder folder, Environment environment, Set<String> files) {
		List<String> candidates = new ArrayList<>();
		candidates.add(folder.overlaysRoot() + environment.name());
		if (folder.packages()) {
			// the services guide has two overlays: prod for production, dev for the rest
			candidates.add(folder.overlaysRoot()
					+ ("production".equals(environment.name()) ? "prod" : "dev"));
		}
		return candidates.stream()
			.filter((candidate) -> files.contains(candidate + "/" + KUSTOMIZATION))
			.findFirst()
			.orElse(null);
	}

	private Mono<List<DeclaredService>> describe(String commit, List<Folder> folders, Set<String> files,
			Map<String, String> overlays, boolean history) {
		Set<String> overlayFolders = new LinkedHashSet<>(overlays.values());
		Mono<Map<String, String>> tags = Flux.fromIterable(overlayFolders)
			.flatMap((overlay) -> this.gitOps.readFile(commit, overlay + "/" + KUSTOMIZATION)
				.map((content) -> Map.entry(overlay, content.flatMap(ServiceReleases::imageTag).orElse(""))),
					READ_CONCURRENCY)
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
		Mono<Map<String, String>> packs = Flux.fromIterable(folders)
			.filter((folder) -> files.contains(folder.record()))
			.flatMap((folder) -> this.gitOps.readFile(commit, folder.record())
				.map((content) -> Map.entry(folder.name(), content.flatMap(ServiceReleases::templatePack).orElse(""))),
					READ_CONCURRENCY)
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
		Mono<Map<String, CommitSummary>> commits = (overlayFolders.isEmpty() || !history) ? Mono.just(Map.of())
				: this.gitOps.lastCommits(commit, overlayFolders);
		return Mono.zip(tags, packs, commits).map((read) -> {
			List<DeclaredService> services = new ArrayList<>();
			for (Folder folder : folders) {
				List<EnvironmentRelease> releases = new ArrayList<>();
				for (Environment environment : this.environments.all()) {
					String overlay = overlays.get(folder.name() + "/" + environment.name());
					if (overlay == null) {
						releases.add(new EnvironmentRelease(environment.name(), null, null, null));
						continue;
					}
					releases.add(new EnvironmentRelease(environment.name(), overlay,
							blankToNull(read.getT1().get(overlay)), read.getT3().get(overlay)));
				}
				services.add(new DeclaredService(folder.name(), folder.path(), blankToNull(read.getT2().get(folder.name())),
						releases));
			}
			return services;
		});
	}

	/**
	 * The first {@code images[].newTag} of a kustomization: Slipway's overlays set exactly one
	 * image, the service's.
	 */
	static Optional<String> imageTag(String kustomization) {
		return load(kustomization).flatMap((root) -> {
			if (!(root.get("images") instanceof List<?> images)) {
				return Optional.empty();
			}
			for (Object image : images) {
				if (image instanceof Map<?, ?> entry && entry.get("newTag") != null) {
					return Optional.of(String.valueOf(entry.get("newTag")));
				}
			}
			return Optional.empty();
		});
	}

	/**
	 * {@code spec.source.path} of an Argo CD Application, without trailing slashes.
	 */
	static Optional<String> applicationPath(String application) {
		return load(application).flatMap((root) -> (root.get("spec") instanceof Map<?, ?> spec
				&& spec.get("source") instanceof Map<?, ?> source && source.get("path") instanceof String path)
						? Optional.of(path.replaceAll("^/+|/+$", "")) : Optional.empty())
			.filter((path) -> !path.isEmpty());
	}

	/**
	 * {@code <pack>@<version>} from a render record.
	 */
	static Optional<String> templatePack(String record) {
		return load(record).flatMap((root) -> (root.get("pack") instanceof Map<?, ?> pack && pack.get("name") != null
				&& pack.get("version") != null) ? Optional.of(pack.get("name") + "@" + pack.get("version"))
						: Optional.empty());
	}

	private static Optional<Map<?, ?>> load(String yaml) {
		try {
			LoaderOptions options = new LoaderOptions();
			// these files are small; a huge or alias-bombed one is not a kustomization
			options.setMaxAliasesForCollections(10);
			options.setCodePointLimit(1024 * 1024);
			Object loaded = new Yaml(new SafeConstructor(options)).load(yaml);
			return (loaded instanceof Map<?, ?> map) ? Optional.of(map) : Optional.empty();
		}
		catch (YAMLException ex) {
			return Optional.empty();
		}
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

}
