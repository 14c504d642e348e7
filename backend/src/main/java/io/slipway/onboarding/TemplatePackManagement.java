package io.slipway.onboarding;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.slipway.changerequest.ChangeRequestManagement;
import io.slipway.changerequest.OpenChangeRequest;
import io.slipway.gitops.ChangeConflictException;
import io.slipway.gitops.CommitRequest;
import io.slipway.gitops.CommitResult;
import io.slipway.gitops.FileChange;
import io.slipway.gitops.GitOpsException;
import io.slipway.gitops.GitOpsProperties;
import io.slipway.gitops.GitOpsRepository;
import io.slipway.gitops.UnknownRefException;
import io.slipway.onboarding.UpgradeRefusedException.FailedCheck;
import io.slipway.onboarding.UpgradeResult.UpgradedService;
import io.slipway.platform.DeclaredService;
import io.slipway.platform.EnvironmentRelease;
import io.slipway.platform.ServiceReleases;
import io.slipway.templates.Check;
import io.slipway.templates.ManifestChecks;
import io.slipway.templates.RenderException;
import io.slipway.templates.RenderRecord;
import io.slipway.templates.RenderedFile;
import io.slipway.templates.TemplatePack;
import io.slipway.templates.TemplatePacks;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Keeps services in step with the template packs: lists the services each pack rendered and those
 * behind its current version, and re-renders them in one change request.
 * <p>
 * <b>Listing</b> reads, at one commit of the main branch, the render record every pack keeps per
 * service ({@link TemplatePack#recordPath(String)}: the pack name, the version, the files it wrote
 * and the values it used). A service without a record was written by hand and is not listed. A
 * record that cannot be used (not a render record, a version that is not semantic, values naming
 * another service, files outside the service's folders) is listed as outdated with the reason,
 * {@code cannot upgrade: <reason>}, and never upgraded.
 * <p>
 * <b>Upgrading</b> re-renders the chosen services (by default every upgradable one) from their
 * stored values with the pack's current version, keeping the image tag each overlay declares
 * where it moved past the record (a promotion changes only the overlay), and runs the platform
 * checks over each re-render: a re-render that fails or breaks a rule refuses the whole upgrade,
 * naming the service and the rule, and nothing is written. It then writes one commit
 * {@code chore(templates): upgrade <n> services to <pack>@<version>} that overwrites every file
 * the new version renders (hand edits of generated files included) and deletes the files the old
 * version wrote and the new one no longer does: on {@code chore/upgrade-<pack>-<version>} proposed
 * by a change request (the forge's when one is configured, else Slipway's own), or on the main
 * branch when {@code slipway.git.mode} is {@code direct}. The change request's body lists every
 * service with its changed files and checks, and says the diff must be reviewed. Publishes
 * {@link TemplatePackUpgradeProposed} once everything is written.
 * <p>
 * Errors: {@link UnknownTemplatePackException} (404), {@link UpgradeRefusedException} (400),
 * {@link UpgradeConflictException} (409: an open change request or a branch for the same version
 * exists, or the main branch changed meanwhile), and Git, forge or change-request failures as
 * their modules report them. Blocking work runs on the bounded-elastic scheduler.
 */
@Service
public class TemplatePackManagement {

	/** The label a forge pull request gets, so upgrade requests can be found. */
	static final String LABEL = "template-pack-upgrade";

	private static final String CANNOT_UPGRADE = "cannot upgrade: ";

	// records come from the local copy: a few reads in parallel, as ServiceReleases does
	private static final int READ_CONCURRENCY = 4;

	private static final Logger logger = LoggerFactory.getLogger(TemplatePackManagement.class);

	private final TemplatePacks packs;

	private final GitOpsRepository gitOps;

	private final GitOpsProperties gitProperties;

	private final ChangeRequestManagement changeRequests;

	private final ServiceReleases releases;

	private final ApplicationEventPublisher events;

	TemplatePackManagement(TemplatePacks packs, GitOpsRepository gitOps, GitOpsProperties gitProperties,
			ChangeRequestManagement changeRequests, ServiceReleases releases,
			ApplicationEventPublisher events) {
		this.packs = packs;
		this.gitOps = gitOps;
		this.gitProperties = gitProperties;
		this.changeRequests = changeRequests;
		this.releases = releases;
		this.events = events;
	}

	/**
	 * The branch an upgrade to {@code pack@version} writes to in change-request mode.
	 */
	public static String branchOf(String pack, String version) {
		return "chore/upgrade-" + pack + "-" + version;
	}

	/**
	 * The commit message (and change request title) of an upgrade of {@code count} services.
	 */
	public static String commitMessageOf(int count, String pack, String version) {
		return "chore(templates): upgrade " + count + ((count == 1) ? " service" : " services") + " to " + pack + "@"
				+ version;
	}

	/**
	 * Every template pack, by name, with the services it rendered and those behind it; see the
	 * class description.
	 */
	public Mono<List<TemplatePackStatus>> list() {
		return inventory().map((inventory) -> this.packs.list()
			.stream()
			.map((pack) -> status(pack, inventory))
			.toList());
	}

	/**
	 * One template pack's status.
	 *
	 * @return an error {@link UnknownTemplatePackException} when no pack has that name
	 */
	public Mono<TemplatePackStatus> find(String pack) {
		return Mono.justOrEmpty(this.packs.find(pack))
			.switchIfEmpty(Mono.error(() -> unknownPack(pack)))
			.flatMap((found) -> inventory().map((inventory) -> status(found, inventory)));
	}

	/**
	 * Re-renders services with the pack's current version and proposes them; see the class
	 * description.
	 *
	 * @param pack the template pack
	 * @param services the services to upgrade; {@code null} for every upgradable one
	 * @param actor who asks: the change request's author and the audit entry's actor
	 * @return what was written
	 */
	public Mono<UpgradeResult> upgrade(String pack, @Nullable List<String> services, String actor) {
		Optional<TemplatePack> found = this.packs.find(pack);
		if (found.isEmpty()) {
			return Mono.error(unknownPack(pack));
		}
		TemplatePack current = found.get();
		String branch = isDirect() ? this.gitOps.mainBranch() : branchOf(current.name(), current.version());
		return inventory().flatMap((inventory) -> {
			List<Recorded> chosen = choose(current, inventory, services);
			Mono<Void> free = isDirect() ? Mono.empty() : ensureFree(branch);
			return free.then(this.releases.list())
				.flatMap((declared) -> Mono.fromCallable(() -> plan(current, inventory, chosen, declared))
					.subscribeOn(Schedulers.boundedElastic()))
				.flatMap((plans) -> write(current, branch, inventory, plans, actor));
		});
	}

	private boolean isDirect() {
		return this.gitProperties.mode() == GitOpsProperties.Mode.DIRECT;
	}

	private UnknownTemplatePackException unknownPack(String name) {
		return new UnknownTemplatePackException(name, this.packs.list().stream().map(TemplatePack::name).toList());
	}

	// --- reading the records

	/**
	 * The main branch at one commit: every file, and every render record found where a pack keeps
	 * its records.
	 */
	private record Inventory(Set<String> files, List<Recorded> records) {

		static final Inventory EMPTY = new Inventory(Set.of(), List.of());

	}

	/**
	 * A render record at {@code path}, where {@code pack} keeps them for {@code service}: read, or
	 * why it cannot be used.
	 */
	private record Recorded(String pack, String service, String path, @Nullable RenderRecord record,
			@Nullable String problem) {

		@Nullable String version() {
			return (this.record != null) ? this.record.version() : null;
		}

	}

	private Mono<Inventory> inventory() {
		return this.gitOps.head(this.gitOps.mainBranch())
			.onErrorResume(UnknownRefException.class, (ex) -> Mono.just(Optional.empty()))
			.flatMap((head) -> head.map((commit) -> inventoryAt(commit.id())).orElseGet(() -> Mono.just(Inventory.EMPTY)));
	}

	private Mono<Inventory> inventoryAt(String commit) {
		return this.gitOps.listFiles(commit, "").flatMap((listed) -> {
			Set<String> files = new LinkedHashSet<>(listed);
			Set<String> names = new TreeSet<>();
			for (String file : files) {
				String[] segments = file.split("/");
				if (segments.length >= 3 && (segments[0].equals("services") || segments[0].equals("packages"))) {
					names.add(segments[1]);
				}
			}
			List<String[]> candidates = new ArrayList<>();
			for (TemplatePack pack : this.packs.list()) {
				for (String name : names) {
					recordPath(pack, name).filter(files::contains)
						.ifPresent((path) -> candidates.add(new String[] { pack.name(), name, path }));
				}
			}
			return Flux.fromIterable(candidates)
				.flatMapSequential((candidate) -> this.gitOps.readFile(commit, candidate[2])
					.map((content) -> read(candidate[0], candidate[1], candidate[2], content.orElse(""))),
						READ_CONCURRENCY)
				.collectList()
				.map((records) -> new Inventory(files, records));
		});
	}

	private static Optional<String> recordPath(TemplatePack pack, String service) {
		try {
			return Optional.of(pack.recordPath(service));
		}
		catch (RenderException ex) {
			// a folder name that cannot be a service name: no pack rendered it
			return Optional.empty();
		}
	}

	private static Recorded read(String pack, String service, String path, String content) {
		RenderRecord record;
		try {
			record = RenderRecord.parse(content);
		}
		catch (RenderException ex) {
			return new Recorded(pack, service, path, null, CANNOT_UPGRADE + path + " is " + ex.getMessage());
		}
		return new Recorded(pack, service, path, record, problem(pack, service, path, record));
	}

	/**
	 * Why a readable record still cannot be re-rendered: anything that would make the upgrade
	 * write or delete files of something other than this service.
	 */
	private static @Nullable String problem(String pack, String service, String path, RenderRecord record) {
		if (!record.pack().equals(pack)) {
			return CANNOT_UPGRADE + path + " names template pack " + quoted(record.pack()) + ", but lies where "
					+ pack + " keeps its records";
		}
		if (PackVersion.parse(record.version()).isEmpty()) {
			return CANNOT_UPGRADE + "the recorded version " + quoted(record.version())
					+ " is not a semantic version such as 1.0.0";
		}
		if (!(record.values().get("service") instanceof Map<?, ?> values) || !service.equals(values.get("name"))) {
			return CANNOT_UPGRADE + "the recorded values do not name service " + service + " (values.service.name)";
		}
		for (String file : record.files()) {
			if (!ownedBy(file, service)) {
				return CANNOT_UPGRADE + "the record lists " + quoted(file) + ", which is not a file of service "
						+ service + ", so it would not be deleted safely";
			}
		}
		return null;
	}

	/**
	 * Whether a recorded path can be one of the service's files: a plain relative path with the
	 * service's name as a folder or as the file's name ({@code argocd/apps/<env>/<svc>.yaml}). A
	 * record is text anyone with write access can edit; this keeps an upgrade from deleting, say,
	 * an AppProject a record lists by mistake.
	 */
	static boolean ownedBy(String path, String service) {
		try {
			FileChange.checkPath(path);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		String[] segments = path.split("/");
		for (int i = 0; i < segments.length - 1; i++) {
			if (segments[i].equals(service)) {
				return true;
			}
		}
		String file = segments[segments.length - 1];
		return file.startsWith(service + ".") && file.indexOf('.', service.length() + 1) < 0;
	}

	private static String quoted(String text) {
		// record content is untrusted text: show it only when it is short and plain
		return text.matches("[A-Za-z0-9@._/-]{1,200}") ? "'" + text + "'" : "(a value that cannot be shown)";
	}

	private static TemplatePackStatus status(TemplatePack pack, Inventory inventory) {
		PackVersion current = PackVersion.parse(pack.version()).orElseThrow();
		List<TemplatePackStatus.Rendered> services = new ArrayList<>();
		List<TemplatePackStatus.Outdated> outdated = new ArrayList<>();
		for (Recorded recorded : inventory.records()) {
			if (!recorded.pack().equals(pack.name())) {
				continue;
			}
			String version = recorded.version();
			if (version != null) {
				services.add(new TemplatePackStatus.Rendered(recorded.service(), version));
			}
			Optional<PackVersion> parsed = (version != null) ? PackVersion.parse(version) : Optional.empty();
			if (parsed.isEmpty() || parsed.get().compareTo(current) < 0) {
				outdated.add(new TemplatePackStatus.Outdated(recorded.service(), version, recorded.problem()));
			}
		}
		return new TemplatePackStatus(pack.name(), pack.version(), pack.description(), services, outdated);
	}

	// --- choosing and rendering

	private static List<Recorded> choose(TemplatePack pack, Inventory inventory, @Nullable List<String> requested) {
		TemplatePackStatus status = status(pack, inventory);
		Map<String, Recorded> byName = new LinkedHashMap<>();
		inventory.records()
			.stream()
			.filter((recorded) -> recorded.pack().equals(pack.name()))
			.forEach((recorded) -> byName.put(recorded.service(), recorded));
		Map<String, TemplatePackStatus.Outdated> outdated = new LinkedHashMap<>();
		status.outdated().forEach((entry) -> outdated.put(entry.name(), entry));
		String target = pack.name() + "@" + pack.version();
		if (requested == null) {
			List<Recorded> chosen = status.upgradable().stream().map(byName::get).toList();
			if (chosen.isEmpty()) {
				throw new UpgradeRefusedException(List.of(new FieldError("services",
						"no service can be upgraded to " + target + ": none is behind it"
								+ (outdated.isEmpty() ? "" : " with a usable render record"))),
						List.of());
			}
			return chosen;
		}
		if (requested.isEmpty()) {
			throw new UpgradeRefusedException(List.of(new FieldError("services",
					"name at least one service, or leave services out to upgrade every service behind " + target)),
					List.of());
		}
		List<FieldError> errors = new ArrayList<>();
		List<Recorded> chosen = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < requested.size(); i++) {
			String name = requested.get(i);
			String field = "services[" + i + "]";
			TemplatePackStatus.Outdated entry = (name != null) ? outdated.get(name) : null;
			if (name == null || !seen.add(name)) {
				errors.add(new FieldError(field, (name == null) ? "must be a service name" : "names a service twice"));
			}
			else if (entry != null && entry.upgradable()) {
				chosen.add(byName.get(name));
			}
			else if (entry != null) {
				errors.add(new FieldError(field, name + ": " + entry.problem()));
			}
			else if (byName.containsKey(name)) {
				errors.add(new FieldError(field, name + " is rendered from " + pack.name() + "@" + byName.get(name).version()
						+ " already, not behind " + target));
			}
			else {
				errors.add(new FieldError(field, "no service rendered from template pack " + pack.name()
						+ " has this name on the main branch"));
			}
		}
		if (!errors.isEmpty()) {
			throw new UpgradeRefusedException(errors, List.of());
		}
		return chosen;
	}

	/** One service's re-render, checked. */
	private record Plan(Recorded recorded, List<RenderedFile> files, List<String> deleted,
			Map<String, String> keptImageTags, List<Check> checks) {
	}

	private static List<Plan> plan(TemplatePack pack, Inventory inventory, List<Recorded> chosen,
			List<DeclaredService> declared) {
		Map<String, DeclaredService> declaredByName = new LinkedHashMap<>();
		declared.forEach((service) -> declaredByName.put(service.name(), service));
		List<FieldError> errors = new ArrayList<>();
		List<FailedCheck> failed = new ArrayList<>();
		List<Plan> plans = new ArrayList<>();
		String target = pack.name() + "@" + pack.version();
		for (Recorded recorded : chosen) {
			RenderRecord record = recorded.record();
			String service = recorded.service();
			Map<String, Object> values = copy(record.values());
			Map<String, String> kept = keepDeclaredImageTags(values, declaredByName.get(service));
			List<RenderedFile> files;
			try {
				files = pack.render(values);
			}
			catch (RenderException ex) {
				errors.add(new FieldError("services." + service, "cannot be re-rendered with " + target + ": "
						+ ex.getMessage() + ex.field().map((field) -> " (" + field + ")").orElse("")));
				continue;
			}
			List<Check> checks = ManifestChecks.run(values, files);
			List<Check> failing = checks.stream().filter((check) -> check.status() == Check.Status.FAIL).toList();
			if (!failing.isEmpty()) {
				failing.forEach((check) -> failed.add(new FailedCheck(service, check)));
				errors.add(new FieldError("services." + service, "the re-render with " + target + " breaks rule"
						+ ((failing.size() == 1) ? " " : "s ")
						+ String.join(", ", failing.stream().map(Check::rule).distinct().toList()) + ": "
						+ String.join("; ", failing.stream().map(Check::message).toList())));
				continue;
			}
			Set<String> written = new HashSet<>();
			files.forEach((file) -> written.add(file.path()));
			List<String> deleted = record.files()
				.stream()
				.filter((path) -> !written.contains(path) && inventory.files().contains(path))
				.distinct()
				.toList();
			plans.add(new Plan(recorded, files, deleted, kept, checks));
		}
		if (!errors.isEmpty()) {
			throw new UpgradeRefusedException(errors, failed);
		}
		return plans;
	}

	/**
	 * Sets each environment's {@code imageTag} to the tag its overlay declares on the main branch
	 * where that differs from the record: promotions and rollbacks change the overlay only, and an
	 * upgrade must not undo them.
	 *
	 * @return environment to the tag kept, for each environment changed
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, String> keepDeclaredImageTags(Map<String, Object> values,
			@Nullable DeclaredService declared) {
		Map<String, String> kept = new TreeMap<>();
		if (declared == null || !(values.get("environments") instanceof List<?> environments)) {
			return kept;
		}
		for (Object entry : environments) {
			if (!(entry instanceof Map<?, ?> environment) || !(environment.get("name") instanceof String name)) {
				continue;
			}
			String tag = declared.release(name).map(EnvironmentRelease::imageTag).orElse(null);
			Object stored = environment.get("imageTag");
			if (tag != null && !tag.equals((stored != null) ? String.valueOf(stored) : null)) {
				((Map<String, Object>) environment).put("imageTag", tag);
				kept.put(name, tag);
			}
		}
		return kept;
	}

	/** A deep, mutable copy of a values tree, so each re-render works on its own. */
	@SuppressWarnings("unchecked")
	private static <T> T copy(T value) {
		if (value instanceof Map<?, ?> map) {
			Map<Object, Object> copy = new LinkedHashMap<>();
			map.forEach((key, item) -> copy.put(key, copy(item)));
			return (T) copy;
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>(list.size());
			list.forEach((item) -> copy.add(copy(item)));
			return (T) copy;
		}
		return value;
	}

	// --- writing

	private Mono<Void> ensureFree(String branch) {
		Mono<Optional<String>> open = this.changeRequests.findOpenBySourceBranch(branch)
			.map((found) -> found.map((changeRequest) -> "an upgrade on " + branch
					+ " is already proposed in change request #" + changeRequest.id()
					+ (changeRequest.onForge() ? " (" + changeRequest.reviewUrl() + ")" : "")
					+ "; merge or close it first"));
		return open.flatMap((found) -> {
			if (found.isPresent()) {
				return Mono.error(new UpgradeConflictException(found.get()));
			}
			return this.gitOps.branchExists(branch)
				.flatMap((exists) -> exists ? Mono.error(new UpgradeConflictException("branch " + branch
						+ " already exists in the infra repository (an open pull request, or left over from a closed"
						+ " change request); merge or delete it first")) : Mono.<Void>empty());
		});
	}

	private Mono<UpgradeResult> write(TemplatePack pack, String branch, Inventory inventory, List<Plan> plans,
			String actor) {
		String message = commitMessageOf(plans.size(), pack.name(), pack.version());
		CommitRequest.Builder request = CommitRequest.builder(message)
			.actor(actor)
			.trailer("Requested-By", actor)
			.trailer("Template-Pack", pack.name() + "@" + pack.version());
		if (!isDirect()) {
			request.branch(branch).baseBranch(this.gitOps.mainBranch());
		}
		for (Plan plan : plans) {
			plan.files().forEach((file) -> request.put(file.path(), file.content()));
			plan.deleted().forEach(request::delete);
		}
		return this.gitOps.commit(request.build())
			.onErrorMap(ChangeConflictException.class, (ex) -> new UpgradeConflictException(
					"the main branch changed while upgrading (" + ex.getMessage() + "); nothing was written, try again"))
			.flatMap((result) -> {
				if (!result.committed()) {
					return Mono.error(new UpgradeConflictException(
							"the re-rendered files are already on " + branch + "; nothing to commit"));
				}
				List<UpgradedService> services = upgraded(plans, inventory, result);
				if (isDirect()) {
					return published(actor, new UpgradeResult(pack.name(), pack.version(), branch, result.commitId(),
							null, services));
				}
				return openChangeRequest(pack, branch, message, actor, services)
					.onErrorResume((ex) -> withdraw(branch, result.commitId(), actor).then(Mono.error(ex)))
					.flatMap((changeRequest) -> published(actor, new UpgradeResult(pack.name(), pack.version(),
							branch, result.commitId(), changeRequest, services)));
			});
	}

	private static List<UpgradedService> upgraded(List<Plan> plans, Inventory inventory, CommitResult result) {
		Set<String> changed = new HashSet<>(result.paths());
		List<UpgradedService> services = new ArrayList<>();
		for (Plan plan : plans) {
			List<String> added = new ArrayList<>();
			List<String> modified = new ArrayList<>();
			for (RenderedFile file : plan.files()) {
				if (!inventory.files().contains(file.path())) {
					added.add(file.path());
				}
				else if (changed.contains(file.path())) {
					modified.add(file.path());
				}
			}
			services.add(new UpgradedService(plan.recorded().service(), plan.recorded().version(), added, modified,
					plan.deleted(), plan.keptImageTags(), plan.checks()));
		}
		return services;
	}

	private Mono<ChangeRequestRef> openChangeRequest(TemplatePack pack, String branch, String title, String actor,
			List<UpgradedService> services) {
		// the same way in as onboarding: Slipway's own, or the forge's pull request Slipway follows
		OpenChangeRequest request = new OpenChangeRequest(branch, null, title, UpgradeBodies.plain(pack, actor, services),
				actor)
			.withLabels(List.of(LABEL))
			.withMarkdownBody(UpgradeBodies.markdown(pack, actor, services));
		return this.changeRequests.open(request)
			.map((changeRequest) -> new ChangeRequestRef(String.valueOf(changeRequest.id()),
					changeRequest.reviewUrl()));
	}

	/**
	 * Deletes the branch a failed proposal left, as long as nobody added to it, so the upgrade can
	 * simply be asked for again; a failure to delete is only logged.
	 */
	private Mono<Void> withdraw(String branch, String commit, String actor) {
		return this.gitOps.deleteBranch(branch, commit, actor).onErrorResume(GitOpsException.class, (ex) -> {
			logger.warn("Could not delete {} after its change request failed to open: {}", branch, ex.getMessage());
			return Mono.just(false);
		}).then();
	}

	private Mono<UpgradeResult> published(String actor, UpgradeResult result) {
		ChangeRequestRef changeRequest = result.changeRequest();
		List<String> names = result.services().stream().map(UpgradedService::name).toList();
		// the audit log records in the publisher's thread, which must not be the event loop
		return Mono.fromCallable(() -> {
			this.events.publishEvent(new TemplatePackUpgradeProposed(actor, result.pack(), result.version(), names,
					result.branch(), result.commit(), (changeRequest != null) ? changeRequest.id() : null,
					(changeRequest != null) ? changeRequest.url() : null));
			logger.info("{} upgraded {} services to {}@{} on {} ({}{})", actor, names.size(), result.pack(),
					result.version(), result.branch(), result.commit(),
					(changeRequest != null) ? ", change request " + changeRequest.url() : "");
			return result;
		}).subscribeOn(Schedulers.boundedElastic());
	}

	/**
	 * A semantic version, ordered by precedence: numbers compare numerically, a pre-release comes
	 * before its release, and pre-releases compare as text (enough for {@code rc.1 < rc.2}).
	 */
	record PackVersion(int major, int minor, int patch, @Nullable String preRelease) implements Comparable<PackVersion> {

		private static final Pattern SYNTAX = Pattern.compile("(\\d{1,9})\\.(\\d{1,9})\\.(\\d{1,9})(?:-([0-9A-Za-z.-]+))?");

		static Optional<PackVersion> parse(String text) {
			Matcher matcher = SYNTAX.matcher(text);
			if (!matcher.matches()) {
				return Optional.empty();
			}
			return Optional.of(new PackVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
					Integer.parseInt(matcher.group(3)), matcher.group(4)));
		}

		@Override
		public int compareTo(PackVersion other) {
			int byNumbers = (this.major != other.major) ? Integer.compare(this.major, other.major)
					: (this.minor != other.minor) ? Integer.compare(this.minor, other.minor)
							: Integer.compare(this.patch, other.patch);
			if (byNumbers != 0) {
				return byNumbers;
			}
			if (this.preRelease == null || other.preRelease == null) {
				return (this.preRelease == null) ? ((other.preRelease == null) ? 0 : 1) : -1;
			}
			return this.preRelease.compareTo(other.preRelease);
		}

	}

}
