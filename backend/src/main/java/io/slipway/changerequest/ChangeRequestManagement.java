package io.slipway.changerequest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.slipway.changerequest.ChangeRequestConflictException.Reason;
import io.slipway.changerequest.ChangeRequestRepository.ForgePull;
import io.slipway.changerequest.ChangeRequestRepository.Row;
import io.slipway.changerequest.ChangeRequestRepository.StoredApproval;
import io.slipway.forge.ForgeConflictException;
import io.slipway.gitops.BranchMovedException;
import io.slipway.gitops.CommitSummary;
import io.slipway.gitops.GitOpsException;
import io.slipway.gitops.GitOpsRepository;
import io.slipway.gitops.MergeConflictException;
import io.slipway.gitops.MergeRequest;
import io.slipway.gitops.MergeResult;
import io.slipway.gitops.UnknownRefException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Change requests: open one for a branch of the infra repository, review it, merge it into its
 * target or close it. The one way in for both kinds:
 * <ul>
 * <li>with no forge ({@code slipway.forge.type=none}) Slipway keeps its own: the rules below apply
 * and merging is done with JGit;</li>
 * <li>with a forge, {@link #open} opens the forge's pull (merge) request and stores a change request
 * pointing at it ({@link ChangeRequest#forge()}), so the list shows it with its link. The forge owns
 * the review ({@link #approve} is refused with a pointer to it); {@link #merge} and {@link #close}
 * go through the forge's API; reading follows its state from the forge, at most once per
 * {@code slipway.change-requests.forge-refresh} per change request. Forge refusals to merge or
 * close arrive as {@link ChangeRequestConflictException} ({@link Reason#FORGE_REFUSED}) quoting
 * the forge; other forge failures as the forge module's {@link io.slipway.forge.ForgeException}.</li>
 * </ul>
 * <p>
 * <b>Rules (Slipway's own).</b> While {@code slipway.change-requests.require-review} is on (the default), merging
 * needs {@code slipway.change-requests.approvals} approvals (default 1) of the branch's current
 * tip, and the author cannot approve their own change request. An approval belongs to the commit
 * it was given to: a commit pushed to the branch afterwards needs approving again. Merging merges
 * exactly the approved commit (fast-forward, or a merge commit when the target moved on) and never
 * a conflicting one. Only open change requests change; merged and closed are final.
 * <p>
 * <b>Freshness.</b> Approving and merging fetch first, so they judge the branch as the remote
 * holds it; reading a change request fetches too, but falls back to the local copy when the remote
 * cannot be reached; listing reads only the local copy.
 * <p>
 * Every state change is recorded together with its audit event (a change seen on the forge with
 * the forge as actor) ({@link ChangeRequestOpened},
 * {@link ChangeRequestApproved}, {@link ChangeRequestMerged}, {@link ChangeRequestClosed}).
 * Refusals arrive as {@link ChangeRequestException} subtypes with messages fit to show; failures
 * reaching Git as {@link GitOpsException}. All blocking work runs on the bounded-elastic scheduler.
 */
@Service
public class ChangeRequestManagement {

	private static final Logger logger = LoggerFactory.getLogger(ChangeRequestManagement.class);

	private final ChangeRequestRepository repository;

	private final GitOpsRepository gitOps;

	private final ChangeRequestProperties properties;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transactions;

	private final ForgePullRequests forge;

	ChangeRequestManagement(ChangeRequestRepository repository, GitOpsRepository gitOps,
			ChangeRequestProperties properties, ApplicationEventPublisher events,
			PlatformTransactionManager transactionManager, ForgePullRequests forge) {
		this.repository = repository;
		this.gitOps = gitOps;
		this.properties = properties;
		this.events = events;
		this.transactions = new TransactionTemplate(transactionManager);
		this.forge = forge;
	}

	/**
	 * Opens a change request for an existing branch: with a forge configured, its pull (merge)
	 * request on the forge, labelled and described by {@link OpenChangeRequest#forgeBody()}.
	 *
	 * @return the new change request; errors {@link ChangeRequestConflictException} when the
	 * branch already has an open one ({@link Reason#ALREADY_OPEN}) or a branch does not exist
	 * ({@link Reason#BRANCH_MISSING}), {@link IllegalArgumentException} when the branches are the
	 * same, a {@link io.slipway.forge.ForgeException} when the forge refuses (nothing stored then)
	 */
	public Mono<ChangeRequest> open(OpenChangeRequest request) {
		String target = (request.targetBranch() != null) ? request.targetBranch() : this.gitOps.mainBranch();
		if (request.branch().equals(target)) {
			return Mono.error(new IllegalArgumentException(
					"a change request cannot merge branch " + target + " into itself"));
		}
		return existingHead(target).then(existingHead(request.branch()))
			.flatMap((head) -> this.forge.configured() ? openOnForge(request, target, head.id())
					: blocking(() -> store(request, target, head.id(), null)))
			.onErrorMap(DuplicateKeyException.class, (ex) -> alreadyOpen(request.branch()));
	}

	private Mono<ChangeRequest> openOnForge(OpenChangeRequest request, String target, String head) {
		// asking the forge first would leave a pull request Slipway refuses to store
		return blocking(() -> {
			if (this.repository.findOpenBySourceBranch(request.branch()).isPresent()) {
				throw alreadyOpen(request.branch());
			}
			return head;
		}).then(this.forge.open(request, target)).flatMap((pull) -> blocking(() -> {
			try {
				ChangeRequest opened = store(request, target, head, pull);
				this.forge.fresh(opened.id());
				return opened;
			}
			catch (DuplicateKeyException ex) {
				logger.warn("Opened {} for {}, but another change request for the branch was stored meanwhile",
						pull.url(), request.branch());
				throw ex;
			}
		}));
	}

	private ChangeRequest store(OpenChangeRequest request, String target, String head, @Nullable ForgePull pull) {
		String body = (pull != null) ? request.forgeBody() : request.body();
		Row row = this.transactions.execute((status) -> {
			Row inserted = this.repository.insert(request.title(), body, request.branch(), target, request.author(),
					head, now(), pull);
			this.events.publishEvent(new ChangeRequestOpened(request.author(), inserted.id(), inserted.title(),
					inserted.sourceBranch(), inserted.targetBranch(), inserted.headCommit(),
					(pull != null) ? pull.url() : null));
			return inserted;
		});
		logger.info("{} opened change request #{} for {} into {}{}", request.author(), row.id(), row.sourceBranch(),
				row.targetBranch(), (pull != null) ? " as " + pull.url() : "");
		return toChangeRequest(row, List.of(), head);
	}

	private ChangeRequestConflictException alreadyOpen(String branch) {
		String existing = this.repository.findOpenBySourceBranch(branch)
			.map((row) -> " #" + row.id())
			.orElse("");
		return new ChangeRequestConflictException(Reason.ALREADY_OPEN,
				"branch " + branch + " already has an open change request" + existing);
	}

	/**
	 * Change requests, newest first.
	 *
	 * @param state only those in this state; {@code null} for all
	 */
	public Mono<List<ChangeRequest>> list(@Nullable ChangeRequestState state) {
		return blocking(() -> this.repository.findAll(state))
			.flatMap((rows) -> this.forge.follow(rows)
				.flatMap((followed) -> followed ? blocking(() -> this.repository.findAll(state)) : Mono.just(rows)))
			.flatMap((rows) -> blocking(
					() -> new Listed(rows, this.repository.approvalsOf(rows.stream().map(Row::id).toList()))))
			.flatMap((listed) -> Flux.fromIterable(listed.rows())
			.concatMap((row) -> currentHeadFromCache(row)
				.map((head) -> toChangeRequest(row, listed.approvals().getOrDefault(row.id(), List.of()), head)))
			.collectList());
	}

	/**
	 * How many change requests are in each state; every state is present.
	 */
	public Mono<Map<ChangeRequestState, Long>> countByState() {
		return blocking(this.repository::countByState);
	}

	/**
	 * The open change request of a branch, if there is one; at most one exists per branch.
	 */
	public Mono<Optional<ChangeRequest>> findOpenBySourceBranch(String branch) {
		return blocking(() -> this.repository.findOpenBySourceBranch(branch)).flatMap((found) -> found
			.map((row) -> withApprovals(row).map(Optional::of))
			.orElseGet(() -> Mono.just(Optional.empty())));
	}

	/**
	 * A change request with its approvals and the diff of what it changes, or empty when there is
	 * no such change request.
	 */
	public Mono<Optional<ChangeRequestDetail>> find(long id) {
		return blocking(() -> this.repository.findById(id))
			.flatMap((found) -> found.isEmpty() ? Mono.just(found)
					: this.forge.follow(List.of(found.get()))
						.flatMap((followed) -> followed ? blocking(() -> this.repository.findById(id))
								: Mono.just(found)))
			.flatMap((found) -> found.map((row) -> detailOf(row).map(Optional::of))
				.orElseGet(() -> Mono.just(Optional.empty())));
	}

	private Mono<ChangeRequestDetail> detailOf(Row row) {
		Mono<Void> refreshed = (row.state() == ChangeRequestState.OPEN) ? this.gitOps.refresh()
			.onErrorResume(GitOpsException.class, (ex) -> {
				logger.warn("Showing change request #{} from the local copy: {}", row.id(), ex.getMessage());
				return Mono.empty();
			}) : Mono.empty();
		return refreshed.then(withApprovals(row)).flatMap((changeRequest) -> diffOf(row, changeRequest));
	}

	private Mono<ChangeRequestDetail> diffOf(Row row, ChangeRequest changeRequest) {
		// a merged change request shows what its merge brought in, even after its branch is gone
		String base = (row.state() == ChangeRequestState.MERGED && row.mergeBaseCommit() != null)
				? row.mergeBaseCommit() : row.targetBranch();
		String head = changeRequest.headCommit();
		return Mono.zip(this.gitOps.diff(base, head), this.gitOps.changedPaths(base, head))
			.map((diff) -> new ChangeRequestDetail(changeRequest, diff.getT1(), diff.getT2(), null))
			.onErrorResume(GitOpsException.class,
					(ex) -> Mono.just(new ChangeRequestDetail(changeRequest, "", List.of(), ex.getMessage())));
	}

	/**
	 * Approves the branch's current tip as {@code user}. Approving again after new commits moves
	 * the approval to the new tip; approving the same commit twice changes nothing.
	 *
	 * @return the change request; errors {@link ChangeRequestNotFoundException},
	 * {@link ChangeRequestForbiddenException} for its author while review is required,
	 * {@link ChangeRequestConflictException} when it is not open or its branch is gone
	 */
	public Mono<ChangeRequest> approve(long id, String user) {
		return blocking(() -> this.repository.findById(id).orElseThrow(() -> new ChangeRequestNotFoundException(id)))
			.flatMap((row) -> {
				ForgePull pull = row.pull();
				if (pull == null) {
					return approveOwn(id, user);
				}
				return Mono.error(new ChangeRequestConflictException(Reason.REVIEWED_ON_FORGE,
						"review happens on " + ForgePullRequests.displayName(pull.forge()) + ": " + pull.url()));
			});
	}

	private Mono<ChangeRequest> approveOwn(long id, String user) {
		return openRow(id).flatMap((row) -> {
			if (this.properties.requireReview() && row.author().equals(user)) {
				return Mono.error(new ChangeRequestForbiddenException("authors cannot approve their own change request: #"
						+ id + " was opened by " + user + ", so someone else has to review it"));
			}
			return this.gitOps.refresh().then(currentHead(row)).flatMap((head) -> blocking(() -> {
				boolean approved = Boolean.TRUE.equals(this.transactions.execute((status) -> {
					requireStillOpen(id);
					if (!this.repository.approve(id, user, head, now())) {
						// this very commit is approved by them already
						return false;
					}
					this.repository.updateHead(id, head, now());
					this.events.publishEvent(new ChangeRequestApproved(user, id, row.title(), head));
					return true;
				}));
				if (approved) {
					logger.info("{} approved change request #{} at {}", user, id, head);
				}
				return head;
			})).then(reload(id));
		});
	}

	/**
	 * Merges the change request's branch into its target as {@code user}: exactly the commit the
	 * approvals are for, by fast-forward when the target has not moved on, else with a merge
	 * commit. A merged branch is then deleted when {@code slipway.change-requests.delete-merged-branches}
	 * is on and nobody pushed to it since.
	 *
	 * @return the merged change request; errors {@link ChangeRequestNotFoundException},
	 * {@link ChangeRequestConflictException} when it is not open, lacks approvals, conflicts with
	 * its target or its branch moved or vanished meanwhile (nothing written then)
	 */
	public Mono<ChangeRequest> merge(long id, String user) {
		return openRow(id).flatMap((row) -> {
			ForgePull pull = row.pull();
			return (pull != null) ? mergeOnForge(row, pull, user) : mergeOwn(row, user);
		});
	}

	/**
	 * Merges the pull request through the forge's API; the forge applies its own rules (reviews,
	 * checks, conflicts) and its refusal is passed on in its words.
	 */
	private Mono<ChangeRequest> mergeOnForge(Row row, ForgePull pull, String user) {
		ForgeLink link = this.forge.link(pull);
		String title = "Merge " + (link.mergeRequest() ? "merge request " : "pull request ") + link.label() + " from "
				+ row.sourceBranch() + "\n\n" + row.title().strip();
		// what the target was before the merge, so a merged change request still shows what it brought in
		Mono<String> base = this.gitOps.refresh()
			.onErrorResume(GitOpsException.class, (ex) -> Mono.empty())
			.then(this.gitOps.head(row.targetBranch()))
			.map((head) -> head.map(CommitSummary::id).orElse(""))
			.onErrorResume(GitOpsException.class, (ex) -> Mono.just(""));
		return Mono.zip(currentHeadFromCache(row), base)
			.flatMap((heads) -> this.forge.clientOf(row, pull)
				.flatMap((client) -> client.merge(pull.id(), title))
				.onErrorMap(ForgeConflictException.class, (ex) -> forgeRefused(row, "merged", ex))
				.flatMap((merged) -> blocking(() -> {
					recordForgeMerge(row, user, heads.getT1(), merged.mergeCommit(),
							heads.getT2().isEmpty() ? null : heads.getT2());
					return merged;
				})))
			.then(reload(row.id()));
	}

	private void recordForgeMerge(Row row, String user, String head, @Nullable String mergeCommit,
			@Nullable String base) {
		boolean marked = Boolean.TRUE.equals(this.transactions.execute((status) -> {
			if (!this.repository.markMerged(row.id(), user, now(), head, mergeCommit, base)) {
				return false;
			}
			this.events.publishEvent(new ChangeRequestMerged(user, row.id(), row.title(), row.sourceBranch(),
					row.targetBranch(), head, mergeCommit, List.of()));
			return true;
		}));
		this.forge.fresh(row.id());
		if (!marked) {
			// the forge merged it; someone (or following the forge) recorded that first
			throw notOpen(row.id());
		}
		logger.info("{} merged change request #{} on its forge ({} into {}, {})", user, row.id(), row.sourceBranch(),
				row.targetBranch(), mergeCommit);
	}

	private ChangeRequestConflictException forgeRefused(Row row, String action, ForgeConflictException ex) {
		// the forge knows better than the stored state: read it again on the next view
		this.forge.stale(row.id());
		return new ChangeRequestConflictException(Reason.FORGE_REFUSED,
				"change request #" + row.id() + " was not " + action + ": " + ex.getMessage());
	}

	private Mono<ChangeRequest> mergeOwn(Row row, String user) {
		long id = row.id();
		return this.gitOps.refresh()
			.then(currentHead(row))
			.flatMap((head) -> approversOf(row, head).flatMap((approvers) -> this.gitOps
				// the branch goes in the same push as the merge, with a lease on the merged commit
				.merge(mergeRequest(row, head, user, approvers)
					.deletingSourceBranch(this.properties.deleteMergedBranches()))
				.onErrorMap(MergeConflictException.class, (ex) -> mergeConflict(row, ex))
				.onErrorMap(BranchMovedException.class, (ex) -> branchMoved(id, row.sourceBranch()))
				.flatMap((result) -> blocking(() -> recordMerge(row, user, result, approvers)))))
			.then(reload(id));
	}

	/**
	 * Who approved {@code head}, when that is enough to merge; else a {@link Reason#NOT_APPROVED}
	 * error saying how many are missing.
	 */
	private Mono<List<String>> approversOf(Row row, String head) {
		return blocking(() -> {
			List<StoredApproval> approvals = this.repository.approvalsOf(List.of(row.id()))
				.getOrDefault(row.id(), List.of());
			List<String> approvers = approvals.stream()
				.filter((approval) -> approval.headCommit().equals(head))
				.map(StoredApproval::approver)
				.toList();
			int required = this.properties.approvalsRequired();
			if (approvers.size() < required) {
				throw new ChangeRequestConflictException(Reason.NOT_APPROVED,
						"change request #" + row.id() + " needs " + required + " approval" + ((required == 1) ? "" : "s")
								+ " of its latest commit " + abbreviate(head) + " before it can be merged; it has "
								+ approvers.size() + ((approvals.size() > approvers.size())
										? " (approvals of earlier commits no longer count)" : ""));
			}
			return approvers;
		});
	}

	private static ChangeRequestConflictException mergeConflict(Row row, MergeConflictException ex) {
		return new ChangeRequestConflictException(Reason.MERGE_CONFLICT,
				"change request #" + row.id() + " cannot be merged: " + row.sourceBranch() + " and "
						+ row.targetBranch() + " both changed " + String.join(", ", ex.paths()) + "; update "
						+ row.sourceBranch() + " with the changes of " + row.targetBranch() + " first",
				ex.paths());
	}

	private MergeRequest mergeRequest(Row row, String head, String user, List<String> approvers) {
		Map<String, String> trailers = new LinkedHashMap<>();
		trailers.put("Change-Request", String.valueOf(row.id()));
		if (!approvers.isEmpty()) {
			trailers.put("Approved-By", String.join(", ", approvers));
		}
		trailers.put("Merged-By", user);
		String message = "Merge change request #" + row.id() + " from " + row.sourceBranch() + "\n\n"
				+ row.title().strip();
		return new MergeRequest(row.sourceBranch(), head, row.targetBranch(), message, user, trailers);
	}

	private MergeResult recordMerge(Row row, String user, MergeResult result, List<String> approvers) {
		boolean marked = Boolean.TRUE.equals(this.transactions.execute((status) -> {
			if (!this.repository.markMerged(row.id(), user, now(), result.sourceCommit(), result.commitId(),
					result.previousTargetCommit())) {
				return false;
			}
			this.events.publishEvent(new ChangeRequestMerged(user, row.id(), row.title(), row.sourceBranch(),
					row.targetBranch(), result.sourceCommit(), result.commitId(), approvers));
			return true;
		}));
		if (!marked) {
			// someone else merged or closed it while our merge ran; Git holds the merge either way
			throw notOpen(row.id());
		}
		logger.info("{} merged change request #{} ({} into {}, {} {})", user, row.id(), row.sourceBranch(),
				row.targetBranch(), result.outcome(), result.commitId());
		return result;
	}

	/**
	 * Closes the change request without merging as {@code user}; its branch is left as it is.
	 *
	 * @return the closed change request; errors {@link ChangeRequestNotFoundException},
	 * {@link ChangeRequestConflictException} when it is not open
	 */
	public Mono<ChangeRequest> close(long id, String user) {
		return openRow(id).flatMap((row) -> {
			ForgePull pull = row.pull();
			Mono<Void> onForge = (pull == null) ? Mono.empty()
					: this.forge.clientOf(row, pull)
						.flatMap((client) -> client.close(pull.id()))
						.onErrorMap(ForgeConflictException.class, (ex) -> forgeRefused(row, "closed", ex))
						.doOnNext((closed) -> this.forge.fresh(id))
						.then();
			return onForge.then(currentHeadFromCache(row));
		}).flatMap((head) -> blocking(() -> {
			Row row = this.repository.findById(id).orElseThrow(() -> new ChangeRequestNotFoundException(id));
			this.transactions.executeWithoutResult((status) -> {
				if (!this.repository.markClosed(id, user, now(), head)) {
					throw notOpen(id);
				}
				this.events.publishEvent(new ChangeRequestClosed(user, id, row.title(), head));
			});
			logger.info("{} closed change request #{}", user, id);
			return head;
		})).then(reload(id));
	}

	/**
	 * Replaces the description of an open change request, on its forge first when it lives on
	 * one, so what reviewers read there and in Slipway stays the same. Nothing else changes: not
	 * the title, the branch, the approvals.
	 *
	 * @param body the new description (plain text; Markdown on a forge)
	 * @param actor who replaced it, for the audit log
	 * @return the change request; errors {@link ChangeRequestNotFoundException},
	 * {@link ChangeRequestConflictException} when it is not open (or its forge is not the
	 * configured one), a {@link io.slipway.forge.ForgeException} when the forge fails (nothing
	 * stored then, so asking again retries)
	 */
	public Mono<ChangeRequest> updateDescription(long id, String body, String actor) {
		return openRow(id).flatMap((row) -> {
			ForgePull pull = row.pull();
			Mono<Boolean> onForge = (pull == null) ? Mono.just(false)
					: this.forge.clientOf(row, pull)
						.flatMap((client) -> client.updateDescription(pull.id(), body))
						.thenReturn(true);
			return onForge.flatMap((forged) -> blocking(() -> {
				this.transactions.executeWithoutResult((status) -> {
					if (!this.repository.updateBody(id, body, now())) {
						throw notOpen(id);
					}
					this.events.publishEvent(new ChangeRequestDescriptionUpdated(actor, id, row.title(), forged));
				});
				return id;
			}));
		}).then(reload(id));
	}

	// --- reading

	private Mono<Row> openRow(long id) {
		return blocking(() -> {
			Row row = this.repository.findById(id).orElseThrow(() -> new ChangeRequestNotFoundException(id));
			if (row.state() != ChangeRequestState.OPEN) {
				throw notOpen(row);
			}
			return row;
		});
	}

	private void requireStillOpen(long id) {
		Row row = this.repository.findById(id).orElseThrow(() -> new ChangeRequestNotFoundException(id));
		if (row.state() != ChangeRequestState.OPEN) {
			throw notOpen(row);
		}
	}

	private ChangeRequestConflictException notOpen(long id) {
		return this.repository.findById(id).map(this::notOpen).orElseGet(() -> new ChangeRequestConflictException(
				Reason.NOT_OPEN, "change request #" + id + " is no longer open"));
	}

	private ChangeRequestConflictException notOpen(Row row) {
		return new ChangeRequestConflictException(Reason.NOT_OPEN, "change request #" + row.id() + " is "
				+ row.state().name().toLowerCase(Locale.ROOT) + "; only open change requests can change");
	}

	private static ChangeRequestConflictException branchMoved(long id, String branch) {
		return new ChangeRequestConflictException(Reason.BRANCH_MOVED, "branch " + branch
				+ " received new commits while change request #" + id
				+ " was being merged; review them and try again");
	}

	private Mono<ChangeRequest> reload(long id) {
		return blocking(() -> this.repository.findById(id).orElseThrow(() -> new ChangeRequestNotFoundException(id)))
			.flatMap(this::withApprovals);
	}

	private Mono<ChangeRequest> withApprovals(Row row) {
		return blocking(() -> this.repository.approvalsOf(List.of(row.id())).getOrDefault(row.id(), List.of()))
			.flatMap((approvals) -> currentHeadFromCache(row).map((head) -> toChangeRequest(row, approvals, head)));
	}

	/**
	 * The source branch's tip as the remote held it at the last fetch; required to exist.
	 */
	private Mono<String> currentHead(Row row) {
		return this.gitOps.head(row.sourceBranch())
			.map((head) -> head.map(CommitSummary::id)
				.orElseThrow(() -> new ChangeRequestConflictException(Reason.BRANCH_MISSING, "branch "
						+ row.sourceBranch() + " of change request #" + row.id()
						+ " no longer exists in the infra repository")));
	}

	/**
	 * The head to judge approvals by: for an open change request the branch's tip as the local
	 * copy knows it (the recorded head when the branch is gone or Git cannot be read), else the
	 * recorded final head.
	 */
	private Mono<String> currentHeadFromCache(Row row) {
		if (row.state() != ChangeRequestState.OPEN) {
			return Mono.just(row.headCommit());
		}
		return this.gitOps.head(row.sourceBranch())
			.map((head) -> head.map(CommitSummary::id).orElse(row.headCommit()))
			.onErrorResume(GitOpsException.class, (ex) -> Mono.just(row.headCommit()));
	}

	private Mono<CommitSummary> existingHead(String branch) {
		return this.gitOps.head(branch)
			.map((head) -> head.orElseThrow(() -> new ChangeRequestConflictException(Reason.BRANCH_MISSING,
					"there is no branch " + branch + " in the infra repository")))
			.onErrorMap(UnknownRefException.class,
					(ex) -> new ChangeRequestConflictException(Reason.BRANCH_MISSING, ex.getMessage()));
	}

	private ChangeRequest toChangeRequest(Row row, List<StoredApproval> approvals, String head) {
		List<Approval> views = approvals.stream()
			.map((approval) -> new Approval(approval.approver(), approval.approvedAt(), approval.headCommit(),
					approval.headCommit().equals(head)))
			.toList();
		return new ChangeRequest(row.id(), row.title(), row.body(), row.sourceBranch(), row.targetBranch(),
				row.author(), row.state(), row.createdAt(), row.updatedAt(), head, views,
				(row.pull() != null) ? 0 : this.properties.approvalsRequired(), row.mergedBy(), row.mergedAt(),
				row.mergeCommit(), row.closedBy(), row.closedAt(),
				(row.pull() != null) ? this.forge.link(row.pull()) : null);
	}

	private static String abbreviate(String commit) {
		return commit.substring(0, Math.min(7, commit.length()));
	}

	// PostgreSQL keeps microseconds: the instant returned is the instant stored
	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

	private static <T> Mono<T> blocking(Callable<T> work) {
		return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
	}

	private record Listed(List<Row> rows, Map<Long, List<StoredApproval>> approvals) {
	}

}
