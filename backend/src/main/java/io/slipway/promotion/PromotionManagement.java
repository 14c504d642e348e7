package io.slipway.promotion;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import io.slipway.argocd.Application;
import io.slipway.changerequest.ChangeRequestDetail;
import io.slipway.changerequest.ChangeRequestException;
import io.slipway.changerequest.ChangeRequestManagement;
import io.slipway.gitops.FileChange;
import io.slipway.gitops.GitOpsException;
import io.slipway.gitops.GitOpsRepository;
import io.slipway.gitops.YamlKeyPathEditor;
import io.slipway.platform.DeclaredService;
import io.slipway.platform.Environment;
import io.slipway.platform.EnvironmentRelease;
import io.slipway.platform.Environments;
import io.slipway.platform.ServiceReleases;
import io.slipway.security.UserGroups;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Promotions: request one, read them with their gates evaluated now, record checklist items,
 * approve or reject, merge (when auto-merge is off), waive the target-healthy gate, abort.
 * <p>
 * <b>Requesting.</b> The candidate is the release the source environment runs now: the image tag
 * its overlay declares in Git, and the revision Argo CD reports it Synced and Healthy at. A request
 * is refused ({@link PromotionRefusedException}) when the source is not Synced and Healthy at that
 * release (or Argo CD cannot say), the service is on hold, the release is quarantined, a freeze
 * window of the target is in force, the target already declares the release, or another promotion
 * of the service to that environment is open.
 * <p>
 * <b>Rules for votes.</b> Approvers need the approver role (checked by the permission matrix),
 * are never the requester, and belong to the environment's approver group when it has one
 * ({@link PromotionForbiddenException}, 403). An approval counts for the candidate it was given
 * to: when the source moves on to another release before the merge, the candidate follows it and
 * earlier approvals no longer count. A rejection ends the promotion as Failed.
 * <p>
 * Steps run in the background ({@link PromotionRunner}); every action kicks the promotion so it
 * moves on at once. Every change publishes its audit event. Blocking work runs on the
 * bounded-elastic scheduler.
 */
@Service
@EnableConfigurationProperties({ PromotionProperties.class, NotificationProperties.class })
public class PromotionManagement {

	private static final Logger logger = LoggerFactory.getLogger(PromotionManagement.class);

	private static final int LIST_LIMIT = 200;

	private final PromotionRepository repository;

	private final Environments environments;

	private final ServiceReleases releases;

	private final GitOpsRepository gitOps;

	private final ChangeRequestManagement changeRequests;

	private final ArgoCdAccess argoCd;

	private final GateEvaluator gates;

	private final PromotionRunner runner;

	private final ChangeRequestDescriptions descriptions;

	private final UserGroups groups;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transactions;

	private final Clock clock;

	PromotionManagement(PromotionRepository repository, Environments environments, ServiceReleases releases,
			GitOpsRepository gitOps, ChangeRequestManagement changeRequests, ArgoCdAccess argoCd, GateEvaluator gates,
			PromotionRunner runner, ChangeRequestDescriptions descriptions, UserGroups groups,
			ApplicationEventPublisher events, PlatformTransactionManager transactionManager,
			ObjectProvider<Clock> clock) {
		this.repository = repository;
		this.environments = environments;
		this.releases = releases;
		this.gitOps = gitOps;
		this.changeRequests = changeRequests;
		this.argoCd = argoCd;
		this.gates = gates;
		this.runner = runner;
		this.descriptions = descriptions;
		this.groups = groups;
		this.events = events;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock.getIfUnique(Clock::systemUTC);
	}

	// --- requesting

	/**
	 * Requests the promotion of what {@code from} runs now into {@code to}.
	 *
	 * @return the new promotion with its gates; errors {@link PromotionNotFoundException} (no such
	 * service or environment), {@link IllegalArgumentException} ({@code to} does not follow
	 * {@code from}), {@link PromotionRefusedException}
	 */
	public Mono<PromotionDetail> request(String service, String from, String to, String requester) {
		Environment source = this.environments.find(from)
			.orElseThrow(() -> new PromotionNotFoundException("there is no environment " + from));
		Environment target = this.environments.find(to)
			.orElseThrow(() -> new PromotionNotFoundException("there is no environment " + to));
		Optional<Environment> next = this.environments.next(from);
		if (next.isEmpty() || !next.get().name().equals(to)) {
			return Mono.error(new IllegalArgumentException("promotions go from one environment to the next: "
					+ from + " promotes into " + next.map(Environment::name).orElse("nothing")));
		}
		return this.gitOps.refresh()
			.onErrorResume(GitOpsException.class, (ex) -> Mono.empty())
			.then(this.releases.findWithoutHistory(service))
			.map((found) -> found.orElseThrow(() -> new PromotionNotFoundException("there is no service " + service)))
			.flatMap((declared) -> candidate(declared, source, target))
			.flatMap((prepared) -> Readiness.blocking(() -> insert(prepared, service, source, target, requester)))
			.doOnNext(this.runner::kick)
			.flatMap(this::detail);
	}

	private record Prepared(Candidate candidate, @Nullable String previousTag, String overlay) {
	}

	private Mono<Prepared> candidate(DeclaredService declared, Environment source, Environment target) {
		EnvironmentRelease from = declared.release(source.name()).orElseThrow();
		EnvironmentRelease to = declared.release(target.name()).orElseThrow();
		if (from.imageTag() == null) {
			return refused(PromotionRefusedException.Reason.SOURCE_NOT_READY,
					declared.name() + " declares no image tag for " + source.name());
		}
		if (to.overlay() == null) {
			return refused(PromotionRefusedException.Reason.NOTHING_TO_PROMOTE,
					declared.name() + " has no overlay for " + target.name());
		}
		String tag = from.imageTag();
		if (tag.equals(to.imageTag())) {
			return refused(PromotionRefusedException.Reason.NOTHING_TO_PROMOTE,
					target.name() + " already declares " + declared.name() + " " + tag);
		}
		if (!this.argoCd.connected()) {
			return refused(PromotionRefusedException.Reason.SOURCE_NOT_READY, "Argo CD not connected: cannot confirm "
					+ source.name() + " runs " + declared.name() + " " + tag);
		}
		String appName = source.applicationName(declared.name());
		Optional<Application> app = this.argoCd.find(appName);
		if (app.isEmpty()) {
			return refused(PromotionRefusedException.Reason.SOURCE_NOT_READY, "Argo CD has no application " + appName);
		}
		Gate verdict = GateEvaluator.sourceVerdict(app.get(), source, tag);
		if (!verdict.holds()) {
			return refused(PromotionRefusedException.Reason.SOURCE_NOT_READY,
					source.name() + " is not Synced and Healthy at the candidate: " + verdict.evidence());
		}
		return this.gitOps.readFile(this.gitOps.mainBranch(), to.overlay() + "/kustomization.yaml")
			.map((content) -> {
				String text = content.orElseThrow(() -> new PromotionRefusedException(
						PromotionRefusedException.Reason.NOTHING_TO_PROMOTE, "no kustomization.yaml in " + to.overlay()));
				String image = YamlKeyPathEditor.get(text, "images[0].name")
					.orElseThrow(() -> new PromotionRefusedException(PromotionRefusedException.Reason.NOTHING_TO_PROMOTE,
							to.overlay() + "/kustomization.yaml sets no image to promote"));
				return new Prepared(new Candidate(image, tag, GateEvaluator.revision(app.get())), to.imageTag(),
						to.overlay());
			});
	}

	private long insert(Prepared prepared, String service, Environment source, Environment target, String requester) {
		Instant now = this.clock.instant();
		Optional<Environment.ActiveFreeze> freeze = target.activeFreeze(now);
		if (freeze.isPresent()) {
			throw new PromotionRefusedException(PromotionRefusedException.Reason.FROZEN,
					target.name() + " is frozen until " + freeze.get().until() + ": " + freeze.get().window().reason()
							+ " (" + freeze.get().window().describe() + ")");
		}
		this.repository.holdReason(service).ifPresent((reason) -> {
			throw new PromotionRefusedException(PromotionRefusedException.Reason.ON_HOLD,
					service + " is on hold: " + reason);
		});
		this.repository.quarantineReason(service, prepared.candidate().imageTag()).ifPresent((reason) -> {
			throw new PromotionRefusedException(PromotionRefusedException.Reason.QUARANTINED,
					service + " " + prepared.candidate().imageTag() + " is quarantined: " + reason);
		});
		try {
			return Objects.requireNonNull(this.transactions.execute((status) -> {
				long id = this.repository.insert(service, source.name(), target.name(), prepared.candidate(),
						prepared.previousTag(), prepared.overlay(), requester, target.checklist());
				this.events.publishEvent(new PromotionRequested(requester, id, service, source.name(), target.name(),
						prepared.candidate().imageTag()));
				logger.info("{} requested promotion #{}: {} {} from {} to {}", requester, id, service,
						prepared.candidate().imageTag(), source.name(), target.name());
				return id;
			}));
		}
		catch (DuplicateKeyException ex) {
			String open = this.repository.findOpen(service, target.name()).map((row) -> " #" + row.id()).orElse("");
			throw new PromotionRefusedException(PromotionRefusedException.Reason.ALREADY_OPEN,
					"another promotion of " + service + " to " + target.name() + " is open" + open);
		}
	}

	/** Something the promotion waits for changed: move it on, and bring its change request up to date. */
	private void changed(long id) {
		this.runner.kick(id);
		this.descriptions.touch(id);
	}

	private static <T> Mono<T> refused(PromotionRefusedException.Reason reason, String message) {
		return Mono.error(new PromotionRefusedException(reason, message));
	}

	// --- reading

	/**
	 * Promotions, newest first, filtered by whatever is given.
	 */
	public Mono<List<Promotion>> list(@Nullable String service, @Nullable String environment,
			@Nullable PromotionPhase phase, @Nullable String requester) {
		return Readiness.blocking(() -> this.repository.search(blankToNull(service), blankToNull(environment), phase,
				blankToNull(requester), LIST_LIMIT)
			.stream()
			.map(this::promotion)
			.toList());
	}

	/**
	 * A promotion with its gates evaluated now, its diff and the source-versus-target comparison.
	 */
	public Mono<Optional<PromotionDetail>> find(long id) {
		return Readiness.blocking(() -> this.repository.find(id))
			.flatMap((found) -> found.map((row) -> detail(row.id()).map(Optional::of))
				.orElseGet(() -> Mono.just(Optional.empty())));
	}

	private Mono<PromotionDetail> detail(long id) {
		return Readiness.blocking(() -> this.repository.find(id).orElseThrow(() -> notFound(id))).flatMap((row) -> {
			Promotion promotion = promotion(row);
			Mono<List<Gate>> evaluated = this.gates.evaluate(GateEvaluator.Subject.of(row))
				.onErrorResume((ex) -> Mono.just(List.of(new Gate("evaluation", GateStatus.UNKNOWN,
						"error evaluating gates: " + PromotionRunner.describe(ex), null))));
			return Mono.zip(evaluated, diff(row), comparison(row))
				.map((read) -> new PromotionDetail(promotion, read.getT1(), this.clock.instant(), read.getT2(),
						read.getT3(), (row.changeRequestId() != null) ? "/change-requests/" + row.changeRequestId() : null));
		});
	}

	private Mono<String> diff(PromotionRepository.Row row) {
		if (row.changeRequestId() != null) {
			return this.changeRequests.find(row.changeRequestId())
				.map((found) -> found.map(ChangeRequestDetail::diff).orElse(""))
				.onErrorResume((ex) -> Mono.just(""));
		}
		if (row.phase().isTerminal()) {
			return Mono.just("");
		}
		return this.gitOps
			.diff(this.gitOps.mainBranch(),
					List.of(new FileChange.Update(GitCommitStep.kustomization(row), (content) -> GitCommitStep.edit(row, content))))
			.onErrorResume((ex) -> Mono.just(""));
	}

	private Mono<List<PromotionDetail.Comparison>> comparison(PromotionRepository.Row row) {
		String main = this.gitOps.mainBranch();
		Function<String, Mono<Optional<String>>> read = (path) -> this.gitOps.readFile(main, path)
			.onErrorResume((ex) -> Mono.just(Optional.empty()));
		return this.releases.findWithoutHistory(row.service()).flatMap((found) -> {
			Optional<String> sourceOverlay = found.flatMap((service) -> service.release(row.source()))
				.map(EnvironmentRelease::overlay);
			Mono<List<OverlaySettings.Setting>> source = sourceOverlay
				.map((overlay) -> OverlaySettings.read(read, overlay, row.service()))
				.orElseGet(() -> Mono.just(List.of()));
			Mono<List<OverlaySettings.Setting>> target = OverlaySettings.read(read, row.targetOverlay(), row.service());
			Mono<Optional<String>> targetTag = read.apply(GitCommitStep.kustomization(row))
				.map((content) -> content.flatMap((text) -> {
					try {
						return YamlKeyPathEditor.get(text, GitCommitStep.keyPath(row));
					}
					catch (RuntimeException ex) {
						return Optional.empty();
					}
				}));
			return Mono.zip(source, target, targetTag)
				.map((read3) -> OverlaySettings.compare(read3.getT1(), read3.getT2(), row.imageTag(),
						read3.getT3().orElse(row.previousTag())));
		}).onErrorResume((ex) -> {
			logger.warn("Could not compare the overlays of promotion #{}: {}", row.id(), ex.getMessage());
			return Mono.just(List.of());
		});
	}

	private Promotion promotion(PromotionRepository.Row row) {
		Environment target = this.environments.find(row.target()).orElse(null);
		return new Promotion(row.id(), row.service(), row.source(), row.target(), row.candidate(), row.previousTag(),
				row.targetOverlay(), row.phase(), row.phaseMessage(), row.requestedBy(), row.createdAt(),
				row.updatedAt(), row.finishedAt(), row.branch(), row.commitId(), row.changeRequestId(),
				row.mergeRequestedBy(), row.mergeCommit(), row.healthWaivedBy(), row.healthWaiverReason(),
				this.repository.steps(row.id()), this.repository.checklist(row.id()),
				this.repository.votes(row.id(), row.imageTag()), (target != null) ? target.approvals() : 0,
				(target != null) ? target.approverGroup() : null, target == null || target.autoMerge());
	}

	// --- actions

	/**
	 * Checks or unchecks a checklist item (numbered from 1), with a note.
	 */
	public Mono<PromotionDetail> recordChecklistItem(long id, int item, boolean checked, @Nullable String note,
			String user) {
		return Readiness.blocking(() -> {
			PromotionRepository.Row row = pending(id, "record checklist items");
			this.transactions.executeWithoutResult((status) -> {
				if (!this.repository.recordChecklistItem(id, item, checked, user, blankToNull(note))) {
					throw new PromotionNotFoundException("promotion #" + id + " has no checklist item " + item);
				}
				String label = this.repository.checklist(id).get(item - 1).label();
				this.events.publishEvent(new PromotionChecklistItemRecorded(user, id, row.service(), label, checked,
						Objects.requireNonNullElse(blankToNull(note), "")));
			});
			return id;
		}).doOnNext(this::changed).flatMap(this::detail);
	}

	/**
	 * Approves the promotion's current candidate as {@code user}. Approving twice changes nothing.
	 */
	public Mono<PromotionDetail> approve(long id, String user, @Nullable String comment) {
		return Readiness.blocking(() -> {
			PromotionRepository.Row row = pending(id, "be approved");
			checkVoter(row, user, "approve");
			this.transactions.executeWithoutResult((status) -> {
				if (this.repository.vote(id, user, PromotionVote.Decision.APPROVED, blankToNull(comment),
						row.imageTag())) {
					this.events.publishEvent(new PromotionApproved(user, id, row.service(), row.target(), row.imageTag(),
							Objects.requireNonNullElse(blankToNull(comment), "")));
					logger.info("{} approved promotion #{} ({} {})", user, id, row.service(), row.imageTag());
				}
			});
			return id;
		}).doOnNext(this::changed).flatMap(this::detail);
	}

	/**
	 * Rejects the promotion with a reason: it ends as Failed and its change request is closed.
	 */
	public Mono<PromotionDetail> reject(long id, String user, String reason) {
		if (reason == null || reason.isBlank()) {
			return Mono.error(new IllegalArgumentException("a rejection needs a reason"));
		}
		return Readiness.blocking(() -> {
			PromotionRepository.Row row = pending(id, "be rejected");
			checkVoter(row, user, "reject");
			this.transactions.executeWithoutResult((status) -> {
				this.repository.vote(id, user, PromotionVote.Decision.REJECTED, reason, row.imageTag());
				if (!this.repository.updatePhase(id, PromotionPhase.Pending, PromotionPhase.Failed,
						"rejected by " + user + ": " + reason)) {
					throw notNow(id, "be rejected");
				}
				this.repository.skipRemainingSteps(id);
				this.events.publishEvent(new PromotionRejected(user, id, row.service(), row.target(), row.imageTag(),
						reason));
			});
			return row;
		}).flatMap((row) -> closeChangeRequest(row, user)).then(detail(id));
	}

	/**
	 * Asks for the merge of a promotion whose environment does not merge by itself; it merges as
	 * soon as gates and approvals hold.
	 */
	public Mono<PromotionDetail> merge(long id, String user) {
		return Readiness.blocking(() -> {
			pending(id, "be merged");
			this.repository.setMergeRequestedBy(id, user);
			return id;
		}).doOnNext(this::changed).flatMap(this::detail);
	}

	/**
	 * Waives the target-healthy gate (admins only), e.g. for the first promotion into an
	 * environment where the application does not exist yet.
	 */
	public Mono<PromotionDetail> waiveTargetHealth(long id, String admin, boolean isAdmin, String reason) {
		if (!isAdmin) {
			return Mono.error(new PromotionForbiddenException("only an admin can waive a gate"));
		}
		if (reason == null || reason.isBlank()) {
			return Mono.error(new IllegalArgumentException("a waiver needs a reason"));
		}
		return Readiness.blocking(() -> {
			PromotionRepository.Row row = pending(id, "have a gate waived");
			this.transactions.executeWithoutResult((status) -> {
				this.repository.waiveHealth(id, admin, reason);
				this.events.publishEvent(new PromotionGateWaived(admin, id, row.service(), Gate.TARGET_HEALTHY, reason));
			});
			return id;
		}).doOnNext(this::changed).flatMap(this::detail);
	}

	/**
	 * Aborts a promotion before it merged (its requester or an admin); its change request is
	 * closed.
	 */
	public Mono<PromotionDetail> abort(long id, String user, boolean isAdmin) {
		return Readiness.blocking(() -> {
			PromotionRepository.Row row = this.repository.find(id).orElseThrow(() -> notFound(id));
			if (!isAdmin && !row.requestedBy().equals(user)) {
				throw new PromotionForbiddenException("only the requester (" + row.requestedBy()
						+ ") or an admin can abort promotion #" + id);
			}
			if (row.phase() != PromotionPhase.Pending || row.mergeCommit() != null) {
				throw notNow(id, "be aborted" + ((row.mergeCommit() != null) ? ": it is merged; roll back instead" : ""));
			}
			this.transactions.executeWithoutResult((status) -> {
				if (!this.repository.updatePhase(id, PromotionPhase.Pending, PromotionPhase.Aborted,
						"aborted by " + user)) {
					throw notNow(id, "be aborted");
				}
				this.repository.skipRemainingSteps(id);
				this.events.publishEvent(new PromotionAborted(user, id, row.service(), row.target(), row.imageTag()));
			});
			// read again: the runner may have opened the change request since the first read
			return this.repository.find(id).orElseThrow();
		}).flatMap((row) -> closeChangeRequest(row, user)).then(detail(id));
	}

	/**
	 * Takes the release the source runs now as the candidate when it differs from the recorded one
	 * (the source moved on before the merge): earlier approvals stop counting, and the steps from
	 * the approvals on run again.
	 * @return whether the candidate changed
	 */
	Mono<Boolean> followCandidate(long id) {
		return Readiness.blocking(() -> this.repository.find(id)).flatMap((found) -> {
			if (found.isEmpty() || found.get().phase() != PromotionPhase.Pending || found.get().mergeCommit() != null) {
				return Mono.just(false);
			}
			PromotionRepository.Row row = found.get();
			return this.releases.findWithoutHistory(row.service()).flatMap((declared) -> {
				Optional<String> now = declared.flatMap((service) -> service.release(row.source()))
					.map(EnvironmentRelease::imageTag);
				if (now.isEmpty() || now.get().equals(row.imageTag())) {
					return Mono.just(false);
				}
				String revision = this.environments.find(row.source())
					.flatMap((source) -> this.argoCd.find(source.applicationName(row.service())))
					.map(GateEvaluator::revision)
					.orElse(null);
				return Readiness.blocking(() -> {
					boolean changed = Boolean.TRUE.equals(this.transactions.execute((status) -> {
						if (!this.repository.setCandidate(id, row.imageTag(), now.get(), revision)) {
							// another instance recorded it first
							return false;
						}
						this.repository.resetStepsFrom(id, PromotionStepKind.WAIT_FOR_APPROVALS);
						this.events.publishEvent(new PromotionCandidateChanged("system", id, row.service(),
								row.imageTag(), now.get()));
						return true;
					}));
					if (!changed) {
						return false;
					}
					this.descriptions.touch(id);
					logger.info("Promotion #{}: {} now runs {} in {}; approvals of {} no longer count", id,
							row.service(), now.get(), row.source(), row.imageTag());
					return true;
				});
			});
		});
	}

	private Mono<Void> closeChangeRequest(PromotionRepository.Row row, String user) {
		if (row.changeRequestId() == null) {
			return Mono.empty();
		}
		return this.changeRequests.close(row.changeRequestId(), user)
			.onErrorResume(ChangeRequestException.class, (ex) -> Mono.empty())
			.then();
	}

	private void checkVoter(PromotionRepository.Row row, String user, String verb) {
		if (row.requestedBy().equals(user)) {
			throw new PromotionForbiddenException("you requested promotion #" + row.id() + ", so you cannot " + verb
					+ " it: someone else with the approver role has to");
		}
		Environment target = this.environments.find(row.target()).orElseThrow();
		if (target.approverGroup() != null && !this.groups.isMember(user, target.approverGroup())) {
			throw new PromotionForbiddenException("promotions into " + target.name() + " need approvers from group "
					+ target.approverGroup() + "; " + user + " is not in it");
		}
	}

	private PromotionRepository.Row pending(long id, String what) {
		PromotionRepository.Row row = this.repository.find(id).orElseThrow(() -> notFound(id));
		if (row.phase() != PromotionPhase.Pending || row.mergeCommit() != null) {
			throw notNow(id, what);
		}
		return row;
	}

	private PromotionRefusedException notNow(long id, String what) {
		PromotionPhase phase = this.repository.find(id).map(PromotionRepository.Row::phase).orElse(null);
		return new PromotionRefusedException(PromotionRefusedException.Reason.NOT_ALLOWED_NOW,
				"promotion #" + id + " is " + phase + " and can no longer " + what);
	}

	private static PromotionNotFoundException notFound(long id) {
		return new PromotionNotFoundException("there is no promotion #" + id);
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
