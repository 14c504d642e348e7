package io.slipway.onboarding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.slipway.changerequest.ChangeRequestManagement;
import io.slipway.changerequest.OpenChangeRequest;
import io.slipway.forge.Forges;
import io.slipway.gitops.ChangeConflictException;
import io.slipway.gitops.CommitRequest;
import io.slipway.gitops.CommitResult;
import io.slipway.gitops.FileChange;
import io.slipway.gitops.GitOpsException;
import io.slipway.gitops.GitOpsProperties;
import io.slipway.gitops.GitOpsRepository;
import io.slipway.gitops.RepositoryStatus;
import io.slipway.gitops.UnknownRefException;
import io.slipway.platform.Environments;
import io.slipway.templates.Check;
import io.slipway.templates.ManifestChecks;
import io.slipway.templates.RenderException;
import io.slipway.templates.RenderedFile;
import io.slipway.templates.TemplatePack;
import io.slipway.templates.TemplatePacks;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Onboards services: turns a {@link ServiceSpec} into the files of its template pack and proposes
 * them to the infra repository.
 * <p>
 * <b>Preview</b> validates the spec, checks that the name is free (no folder under
 * {@code services/} or {@code packages/} on the main branch, no open change request for
 * {@code feat/<name>}), renders the pack, runs the platform checks over the files and diffs them
 * against the main branch. It writes nothing, so it can run on every change of a form.
 * <p>
 * <b>Onboarding</b> does the same, refuses a spec with errors or failing checks, and then writes
 * one commit {@code feat(<name>): add deployment configuration} creating every file: on a new
 * branch {@code feat/<name>} proposed by a change request (on the forge when one is configured,
 * else Slipway's own), or on the main branch when {@code slipway.git.mode} is {@code direct}.
 * Nothing is written when anything fails before the commit; when opening the change request fails
 * after it, the branch is deleted again so the spec can simply be submitted again. Publishes
 * {@link ServiceOnboarded} once everything is written.
 * <p>
 * Errors: {@link OnboardingRejectedException} (400), its subtype {@link ServiceExistsException}
 * (409), {@link ChecksFailedException} (400), and Git, forge or change-request failures as their
 * modules report them. Blocking work runs on the bounded-elastic scheduler.
 */
@Service
public class OnboardingManagement {

	/** The label a forge pull request gets, so onboarding requests can be found. */
	static final String LABEL = "onboarding";

	private static final Logger logger = LoggerFactory.getLogger(OnboardingManagement.class);

	private final ServiceSpecValidator validator;

	private final PlatformConventions conventions;

	private final TemplatePacks packs;

	private final Environments environments;

	private final GitOpsRepository gitOps;

	private final GitOpsProperties gitProperties;

	private final ChangeRequestManagement changeRequests;

	private final Forges forges;

	private final ApplicationEventPublisher events;

	private final Mono<String> repositoryUrl;

	OnboardingManagement(ServiceSpecValidator validator, TemplatePacks packs, Environments environments,
			GitOpsRepository gitOps, GitOpsProperties gitProperties, ChangeRequestManagement changeRequests,
			Forges forges, PlatformConventions conventions, ApplicationEventPublisher events) {
		this.validator = validator;
		this.conventions = conventions;
		this.packs = packs;
		this.environments = environments;
		this.gitOps = gitOps;
		this.gitProperties = gitProperties;
		this.changeRequests = changeRequests;
		this.forges = forges;
		this.events = events;
		String configured = gitProperties.url();
		// Argo CD reads the repository Slipway writes; the embedded one has no URL until it exists.
		this.repositoryUrl = (configured != null) ? Mono.just(configured)
				: gitOps.status().map(RepositoryStatus::remoteUrl).cache();
	}

	/**
	 * The branch onboarding {@code service} writes to in change-request mode.
	 */
	public static String branchOf(String service) {
		return "feat/" + service;
	}

	/**
	 * The commit message (and change request title) onboarding {@code service} writes.
	 */
	public static String commitMessageOf(String service) {
		return "feat(" + service + "): add deployment configuration";
	}

	/**
	 * Everything onboarding the spec would write, and why it would be refused; writes nothing.
	 *
	 * @param spec the spec as {@link ServiceSpecReader} read it
	 * @param actor who asks, for the logs
	 * @return the preview; a refused spec yields {@link Preview#errors()} and no files
	 */
	public Mono<Preview> preview(ServiceSpec spec, String actor) {
		return assess(spec, true).map(Assessment::preview);
	}

	/**
	 * Writes the service's files and proposes them; see the class description.
	 *
	 * @param spec the spec as {@link ServiceSpecReader} read it
	 * @param actor who onboards it: the change request's author and the audit entry's actor
	 * @return what was written
	 */
	public Mono<OnboardingResult> onboard(ServiceSpec spec, String actor) {
		return assess(spec, false).flatMap((assessment) -> {
			if (!assessment.errors().isEmpty()) {
				return Mono.error(new OnboardingRejectedException(assessment.errors()));
			}
			if (assessment.conflict() != null) {
				return Mono.error(new ServiceExistsException(assessment.conflict()));
			}
			List<Check> failed = assessment.preview().failedChecks();
			if (!failed.isEmpty()) {
				return Mono.error(new ChecksFailedException(failed));
			}
			return isDirect() ? commitDirectly(spec, actor, assessment) : propose(spec, actor, assessment);
		});
	}

	private boolean isDirect() {
		return this.gitProperties.mode() == GitOpsProperties.Mode.DIRECT;
	}

	// --- assessing a spec

	/**
	 * What a spec would do: validation errors, a name conflict, and (when both are clear) the
	 * rendered files, their checks and optionally the diff.
	 */
	private record Assessment(Preview preview, List<FieldError> errors, @Nullable FieldError conflict) {

		static Assessment refused(List<FieldError> errors, @Nullable FieldError conflict) {
			List<FieldError> all = new ArrayList<>(errors);
			if (conflict != null) {
				all.add(conflict);
			}
			return new Assessment(Preview.refused(all), errors, conflict);
		}

	}

	private Mono<Assessment> assess(ServiceSpec spec, boolean withDiff) {
		List<FieldError> errors = this.validator.validate(spec);
		boolean nameValid = errors.stream().noneMatch((error) -> error.field().equals("name"));
		Mono<Optional<FieldError>> conflict = nameValid ? conflict(spec, !withDiff || this.forges.configured())
				: Mono.just(Optional.empty());
		return conflict.flatMap((found) -> {
			if (!errors.isEmpty() || found.isPresent()) {
				return Mono.just(Assessment.refused(errors, found.orElse(null)));
			}
			return this.repositoryUrl.flatMap((url) -> render(spec, url, withDiff));
		});
	}

	private Mono<Assessment> render(ServiceSpec spec, String repositoryUrl, boolean withDiff) {
		Optional<TemplatePack> pack = this.packs.find(spec.templatePack());
		if (pack.isEmpty()) {
			return Mono.just(Assessment.refused(List.of(new FieldError("templatePack", "must be one of the template packs: "
					+ String.join(", ", this.packs.list().stream().map(TemplatePack::name).toList()))), null));
		}
		Map<String, Object> values = ServiceValues.of(spec, this.environments.all(),
				ServiceValues.platform(repositoryUrl, this.gitProperties.branch(), this.conventions));
		List<RenderedFile> files;
		try {
			files = pack.get().render(values);
		}
		catch (RenderException ex) {
			return Mono.just(Assessment.refused(List.of(new FieldError(specField(ex), ex.getMessage())), null));
		}
		List<Check> checks = ManifestChecks.run(values, files);
		if (!withDiff) {
			return Mono.just(new Assessment(new Preview(files, "", checks, List.of()), List.of(), null));
		}
		return this.gitOps.diff(this.gitOps.mainBranch(), creations(files))
			.map((diff) -> new Assessment(new Preview(files, diff, checks, List.of()), List.of(), null))
			// the main branch has no commits yet: everything is new
			.onErrorResume(UnknownRefException.class,
					(ex) -> Mono.just(new Assessment(new Preview(files, "", checks, List.of()), List.of(), null)))
			.onErrorResume(ChangeConflictException.class,
					(ex) -> Mono.just(Assessment.refused(List.of(), fileExists(spec, ex))));
	}

	/**
	 * The spec field a render failure is about: the values tree mirrors the spec under
	 * {@code service.}; anything else is the template pack's doing.
	 */
	private static String specField(RenderException ex) {
		String field = ex.field().orElse("");
		if (field.startsWith("service.")) {
			return field.substring("service.".length());
		}
		if (field.startsWith("environments")) {
			return "environments";
		}
		return "templatePack";
	}

	/**
	 * Whether the name is taken: by a folder on the main branch, by an open change request (or,
	 * when asked, by any branch {@code feat/<name>}).
	 */
	private Mono<Optional<FieldError>> conflict(ServiceSpec spec, boolean checkBranch) {
		String name = spec.name();
		String main = this.gitOps.mainBranch();
		Mono<Boolean> onMain = Mono
			.zip(this.gitOps.listFiles(main, "services/" + name), this.gitOps.listFiles(main, "packages/" + name))
			.map((listed) -> !listed.getT1().isEmpty() || !listed.getT2().isEmpty())
			.onErrorResume(UnknownRefException.class, (ex) -> Mono.just(false));
		return onMain.flatMap((exists) -> {
			if (exists) {
				return Mono.just(this.validator.conflict(spec, Set.of(name)));
			}
			Mono<Optional<FieldError>> proposed = this.changeRequests.findOpenBySourceBranch(branchOf(name))
				.map((open) -> open.map((changeRequest) -> new FieldError("name", "service '" + name
						+ "' is already proposed in change request #" + changeRequest.id()
						+ (changeRequest.onForge() ? " (" + changeRequest.reviewUrl() + ")" : ""))));
			return proposed.flatMap((found) -> {
				if (found.isPresent() || !checkBranch || isDirect()) {
					return Mono.just(found);
				}
				return this.gitOps.branchExists(branchOf(name))
					.map((branch) -> branch ? Optional.of(new FieldError("name", "branch " + branchOf(name)
							+ " already exists in the infra repository (an open pull request, or left over from an"
							+ " earlier one); merge or delete it first")) : Optional.<FieldError>empty());
			});
		});
	}

	private static FieldError fileExists(ServiceSpec spec, ChangeConflictException ex) {
		return new FieldError("name", "service '" + spec.name() + "' cannot be added: " + ex.path()
				+ " already exists in the infra repository");
	}

	private static List<FileChange> creations(List<RenderedFile> files) {
		return files.stream().<FileChange>map((file) -> new FileChange.Create(file.path(), file.content())).toList();
	}

	// --- writing

	private CommitRequest commitRequest(ServiceSpec spec, String actor, @Nullable String branch,
			List<RenderedFile> files) {
		CommitRequest.Builder request = CommitRequest.builder(commitMessageOf(spec.name()))
			.actor(actor)
			.trailer("Requested-By", actor);
		if (branch != null) {
			request.branch(branch).baseBranch(this.gitOps.mainBranch());
		}
		creations(files).forEach(request::change);
		return request.build();
	}

	private Mono<CommitResult> commit(ServiceSpec spec, CommitRequest request) {
		return this.gitOps.commit(request)
			.onErrorMap(ChangeConflictException.class, (ex) -> new ServiceExistsException(fileExists(spec, ex)))
			.flatMap((result) -> result.committed() ? Mono.just(result)
					// someone wrote the very same files first
					: Mono.error(new ServiceExistsException(this.validator.conflict(spec, Set.of(spec.name()))
						.orElseThrow())));
	}

	private Mono<OnboardingResult> commitDirectly(ServiceSpec spec, String actor, Assessment assessment) {
		List<RenderedFile> files = assessment.preview().files();
		return commit(spec, commitRequest(spec, actor, null, files))
			.flatMap((result) -> published(actor, new OnboardingResult(spec.name(), result.branch(), result.commitId(),
					null, paths(files))));
	}

	private Mono<OnboardingResult> propose(ServiceSpec spec, String actor, Assessment assessment) {
		List<RenderedFile> files = assessment.preview().files();
		List<Check> checks = assessment.preview().checks();
		String branch = branchOf(spec.name());
		return commit(spec, commitRequest(spec, actor, branch, files))
			.flatMap((result) -> openChangeRequest(spec, actor, branch, files, checks)
				.onErrorResume((ex) -> withdraw(branch, result.commitId(), actor).then(Mono.error(ex)))
				.flatMap((changeRequest) -> published(actor, new OnboardingResult(spec.name(), branch,
						result.commitId(), changeRequest, paths(files)))));
	}

	private Mono<ChangeRequestRef> openChangeRequest(ServiceSpec spec, String actor, String branch,
			List<RenderedFile> files, List<Check> checks) {
		// one way in for both kinds: Slipway's own, or the forge's pull request Slipway then follows
		OpenChangeRequest request = new OpenChangeRequest(branch, null, commitMessageOf(spec.name()),
				ChangeRequestBodies.plain(spec, actor, files, checks), actor)
			.withLabels(List.of(LABEL))
			.withMarkdownBody(ChangeRequestBodies.markdown(spec, actor, files, checks));
		return this.changeRequests.open(request)
			.map((changeRequest) -> new ChangeRequestRef(String.valueOf(changeRequest.id()),
					changeRequest.reviewUrl()));
	}

	/**
	 * Deletes the branch a failed proposal left, as long as nobody added to it, so the spec can be
	 * submitted again; a failure to delete is only logged, the original error is what matters.
	 */
	private Mono<Void> withdraw(String branch, String commit, String actor) {
		return this.gitOps.deleteBranch(branch, commit, actor).onErrorResume(GitOpsException.class, (ex) -> {
			logger.warn("Could not delete {} after its change request failed to open: {}", branch, ex.getMessage());
			return Mono.just(false);
		}).then();
	}

	private Mono<OnboardingResult> published(String actor, OnboardingResult result) {
		ChangeRequestRef changeRequest = result.changeRequest();
		// the audit log records in the publisher's thread, which must not be the event loop
		return Mono.fromCallable(() -> {
			this.events.publishEvent(new ServiceOnboarded(actor, result.name(), result.branch(), result.commit(),
					(changeRequest != null) ? changeRequest.id() : null,
					(changeRequest != null) ? changeRequest.url() : null, result.files()));
			logger.info("{} onboarded {} on {} ({}, {} files{})", actor, result.name(), result.branch(),
					result.commit(), result.files().size(),
					(changeRequest != null) ? ", change request " + changeRequest.url() : "");
			return result;
		}).subscribeOn(Schedulers.boundedElastic());
	}

	private static List<String> paths(List<RenderedFile> files) {
		return files.stream().map(RenderedFile::path).toList();
	}

}
