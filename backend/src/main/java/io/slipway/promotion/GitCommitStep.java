package io.slipway.promotion;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.slipway.gitops.BranchMovedException;
import io.slipway.gitops.ChangeConflictException;
import io.slipway.gitops.CommitRequest;
import io.slipway.gitops.CommitResult;
import io.slipway.gitops.CommitSummary;
import io.slipway.gitops.GitOpsRepository;
import io.slipway.gitops.UnknownRefException;
import io.slipway.gitops.YamlKeyPathEditor;
import io.slipway.gitops.YamlKeyPathException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * {@code git-commit}: sets the target overlay's {@code images[name=<image>].newTag} to the
 * candidate on {@code promote/<svc>-<env>-<id>} (created from the main branch), one commit
 * {@code chore(<svc>): promote <tag> to <env>} with the trailers {@code Promotion-Id},
 * {@code Requested-By} and {@code Approved-By}, pushed. Only that value changes, and the
 * {@code app.kubernetes.io/version} label where the overlay sets it to the tag: comments and
 * everything else in the file stay as they are.
 * <p>
 * Idempotent: when the branch already holds a commit of this promotion for this candidate (its
 * tip carries the promotion's subject and the overlay holds the tag), that commit is taken and
 * nothing is written, so a restart never makes a second commit. When the branch holds the commit
 * of an earlier candidate (the source moved on after the commit), the branch is replaced by one
 * new commit on the main branch, pushed with a lease on the old tip: the branch, and so the change
 * request, always carries exactly one commit of the promotion.
 */
@Component
class GitCommitStep implements PromotionStepRunner {

	static final String TRAILER_PROMOTION_ID = "Promotion-Id";

	/** The label the template packs' overlays set to the image tag on every resource. */
	private static final String VERSION_LABEL = "app.kubernetes.io/version";

	private final GitOpsRepository gitOps;

	private final PromotionRepository repository;

	GitCommitStep(GitOpsRepository gitOps, PromotionRepository repository) {
		this.gitOps = gitOps;
		this.repository = repository;
	}

	@Override
	public PromotionStepKind kind() {
		return PromotionStepKind.GIT_COMMIT;
	}

	static String message(PromotionRepository.Row row) {
		return "chore(" + row.service() + "): promote " + row.imageTag() + " to " + row.target();
	}

	static String kustomization(PromotionRepository.Row row) {
		return row.targetOverlay() + "/kustomization.yaml";
	}

	static String keyPath(PromotionRepository.Row row) {
		return "images[name=" + row.imageName() + "].newTag";
	}

	/**
	 * The edit the commit makes; also what the page previews before the commit exists: the image
	 * tag, and the version label where the overlay labels its resources with the tag (the
	 * template packs' overlays do, and say a promotion changes both).
	 */
	static String edit(PromotionRepository.Row row, String content) {
		try {
			String edited = YamlKeyPathEditor.set(content, keyPath(row), row.imageTag());
			for (int i = 0, count = labelEntries(edited); i < count; i++) {
				String label = "labels[" + i + "].pairs[\"" + VERSION_LABEL + "\"]";
				if (YamlKeyPathEditor.get(edited, label).isPresent()) {
					edited = YamlKeyPathEditor.set(edited, label, row.imageTag());
				}
			}
			return edited;
		}
		catch (YamlKeyPathException ex) {
			throw new ChangeConflictException(kustomization(row), ex.getMessage());
		}
	}

	private static int labelEntries(String kustomization) {
		Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(kustomization);
		return (document instanceof Map<?, ?> map && map.get("labels") instanceof List<?> labels) ? labels.size() : 0;
	}

	@Override
	public Mono<StepResult> run(PromotionRepository.Row row) {
		String branch = row.branch();
		// after this fetch the local copy knows every branch: no look-up below needs another one
		return this.gitOps.refresh()
			.then(Mono.defer(() -> existing(row, branch)))
			.flatMap((found) -> {
				if (found.isPresent()) {
					return Readiness.blocking(() -> {
						this.repository.setCommit(row.id(), found.get().id());
						return (StepResult) new StepResult.Done("already committed " + found.get().abbreviatedId()
								+ " on " + branch);
					});
				}
				Optional<String> tip = this.gitOps.knownTip(branch);
				return (tip.isPresent() ? this.gitOps.replaceBranch(request(row), tip.get())
						: this.gitOps.commit(request(row)))
					.flatMap((result) -> record(row, result));
			})
			.onErrorResume(ChangeConflictException.class,
					(ex) -> Mono.just(new StepResult.Failed("cannot set the image tag: " + ex.getMessage())))
			// someone pushed to the branch between reading its tip and replacing it: look again
			.onErrorResume(BranchMovedException.class,
					(ex) -> Mono.just(new StepResult.Waiting("will commit again: " + ex.getMessage())));
	}

	private Mono<Optional<CommitSummary>> existing(PromotionRepository.Row row, String branch) {
		if (this.gitOps.knownTip(branch).isEmpty()) {
			return Mono.just(Optional.empty());
		}
		return this.gitOps.head(branch)
			.onErrorResume(UnknownRefException.class, (ex) -> Mono.just(Optional.empty()))
			.flatMap((head) -> {
				if (head.isEmpty() || !head.get().shortMessage().equals(message(row))) {
					return Mono.just(Optional.<CommitSummary>empty());
				}
				return this.gitOps.readFile(head.get().id(), kustomization(row))
					.map((content) -> content.flatMap((text) -> YamlKeyPathEditor.get(text, keyPath(row)))
						.filter(row.imageTag()::equals)
						.map((tag) -> head.get()));
			});
	}

	private CommitRequest request(PromotionRepository.Row row) {
		List<String> approvers = this.repository.votes(row.id(), row.imageTag())
			.stream()
			.filter((vote) -> vote.current() && vote.decision() == PromotionVote.Decision.APPROVED)
			.map(PromotionVote::voter)
			.distinct()
			.toList();
		CommitRequest.Builder builder = CommitRequest.builder(message(row))
			.branch(row.branch())
			.actor(row.requestedBy())
			.trailer(TRAILER_PROMOTION_ID, String.valueOf(row.id()))
			.trailer("Requested-By", row.requestedBy());
		if (!approvers.isEmpty()) {
			builder.trailer("Approved-By", String.join(", ", approvers));
		}
		return builder.update(kustomization(row), (content) -> edit(row, content)).build();
	}

	private Mono<StepResult> record(PromotionRepository.Row row, CommitResult result) {
		if (!result.committed()) {
			return Mono.just(new StepResult.Failed(
					"the main branch already declares " + row.imageTag() + " for " + row.target() + ": nothing to promote"));
		}
		return Readiness.blocking(() -> {
			this.repository.setCommit(row.id(), result.commitId());
			return new StepResult.Done("committed " + result.commitId().substring(0, 7) + " on " + result.branch()
					+ " and pushed");
		});
	}

}
