package io.slipway.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.slipway.argocd.Application;
import io.slipway.argocd.ApplicationStatus;
import io.slipway.argocd.RevisionHistory;
import io.slipway.gitops.CommitSummary;
import io.slipway.gitops.GitOpsException;
import io.slipway.gitops.GitOpsRepository;
import io.slipway.platform.EnvironmentRelease;
import io.slipway.platform.ServiceReleases;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The history of a service in an environment: Argo CD's {@code status.history} (each successful
 * sync, when and by whom) joined with the Git log of the overlay (which release that revision
 * declared, and the overlay commit that set it), newest first, with how long each was live.
 * <p>
 * What a revision declared never changes, so it is read from the local copy once and remembered.
 */
@Component
class DeploymentHistory {

	private static final int READ_CONCURRENCY = 4;

	private final ServiceReleases releases;

	private final GitOpsRepository gitOps;

	private final RecentlyUsed<String, Declared> declared = new RecentlyUsed<>(4096);

	DeploymentHistory(ServiceReleases releases, GitOpsRepository gitOps) {
		this.releases = releases;
		this.gitOps = gitOps;
	}

	/**
	 * @param release what Git declares now
	 * @param application the application as the cache holds it, {@code null} when Argo CD does
	 * not know it
	 * @param now the current time, for how long the newest entry has been live
	 * @return the rows, newest first; a first row "declared, not synced yet" when Git's overlay
	 * commit is newer than what Argo CD last synced
	 */
	Mono<List<HistoryRow>> rows(EnvironmentRelease release, @Nullable Application application, Instant now) {
		ApplicationStatus status = (application != null) ? application.status() : null;
		List<RevisionHistory> history = (status != null) ? status.history() : List.of();
		String overlay = release.overlay();
		if (overlay == null) {
			return Mono.just(List.of());
		}
		return Flux.fromIterable(history)
			.flatMapSequential((entry) -> declaredAt(entry.revision(), overlay), READ_CONCURRENCY)
			.collectList()
			.map((declarations) -> {
				List<HistoryRow> rows = new ArrayList<>();
				for (int i = history.size() - 1; i >= 0; i--) {
					RevisionHistory entry = history.get(i);
					Instant until = (i + 1 < history.size()) ? history.get(i + 1).deployedAt() : null;
					Instant from = entry.deployedAt();
					Duration live = (from == null) ? null : Duration.between(from, (until != null) ? until : now);
					Declared at = declarations.get(i);
					boolean automated = entry.initiatedBy() != null && entry.initiatedBy().automated();
					String who = (entry.initiatedBy() != null && entry.initiatedBy().username() != null)
							? entry.initiatedBy().username() : null;
					rows.add(new HistoryRow(entry.id(), from, who, automated, entry.revision(), at.imageTag(),
							at.commit(), live, i == history.size() - 1, false));
				}
				CommitSummary current = release.commit();
				boolean synced = rows.stream()
					.anyMatch((row) -> row.commit() != null && current != null && row.commit().id().equals(current.id()));
				// only when the join works: revisions the local copy does not know say nothing
				boolean joined = rows.isEmpty() || rows.stream().anyMatch((row) -> row.commit() != null);
				if (current != null && !synced && joined) {
					rows.add(0, new HistoryRow(-1, null, null, false, null, release.imageTag(), current, null, false,
							true));
				}
				return rows;
			});
	}

	private Mono<Declared> declaredAt(@Nullable String revision, String overlay) {
		if (revision == null || revision.isBlank()) {
			return Mono.just(Declared.UNKNOWN);
		}
		String key = revision + ":" + overlay;
		Optional<Declared> known = this.declared.get(key);
		if (known.isPresent()) {
			return Mono.just(known.get());
		}
		return Mono
			.zip(this.releases.imageTagAt(revision, overlay),
					this.gitOps.lastCommits(revision, List.of(overlay)).map((commits) -> Optional.ofNullable(commits.get(overlay))))
			.map((read) -> new Declared(read.getT1().orElse(null), read.getT2().orElse(null)))
			.doOnNext((found) -> this.declared.put(key, found))
			// a revision the local copy does not have (another repository, history rewritten): say
			// nothing about it rather than fail the page; not remembered, a fetch may bring it
			.onErrorResume(GitOpsException.class, (ex) -> Mono.just(Declared.UNKNOWN));
	}

	/** What a revision declared for the overlay. */
	private record Declared(@Nullable String imageTag, @Nullable CommitSummary commit) {

		static final Declared UNKNOWN = new Declared(null, null);

	}

	/**
	 * One row of the history table.
	 *
	 * @param id Argo CD's history id, -1 for the pending row
	 * @param deployedAt when Argo CD finished the sync
	 * @param who the user who started it, {@code null} when automated or unknown
	 * @param automated whether Argo CD's auto-sync started it
	 * @param revision the infra repository revision synced
	 * @param imageTag the image tag the overlay set at that revision
	 * @param commit the overlay's last commit at that revision
	 * @param liveFor how long it was live, until the next sync (or now, for the newest)
	 * @param current whether it is the newest synced entry
	 * @param pending whether this is what Git declares and Argo CD has not synced yet
	 */
	record HistoryRow(long id, @Nullable Instant deployedAt, @Nullable String who, boolean automated,
			@Nullable String revision, @Nullable String imageTag, @Nullable CommitSummary commit,
			@Nullable Duration liveFor, boolean current, boolean pending) {

		public String abbreviatedRevision() {
			return (this.revision != null) ? this.revision.substring(0, Math.min(7, this.revision.length())) : "";
		}

	}

}
