package io.slipway.web;

import io.slipway.argocd.ArgoCdConnection;
import io.slipway.argocd.ArgoCdConnectionStatus;
import io.slipway.cluster.ClusterConnection;
import io.slipway.cluster.ClusterConnectionStatus;
import io.slipway.gitops.CommitSummary;
import io.slipway.gitops.GitOpsRepository;
import io.slipway.gitops.RepositoryStatus;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Turns each adapter's own status type into the card the overview shows. Keeping the mapping here
 * means templates never depend on adapter types, which change as the adapters grow.
 */
@Component
class ConnectionStatuses {

	private final GitOpsRepository gitOps;

	private final ArgoCdConnection argoCd;

	private final ClusterConnection cluster;

	ConnectionStatuses(GitOpsRepository gitOps, ArgoCdConnection argoCd, ClusterConnection cluster) {
		this.gitOps = gitOps;
		this.argoCd = argoCd;
		this.cluster = cluster;
	}

	Mono<GitCard> git() {
		// The facade reports failures as a status; this guards the page against one that slips through.
		return this.gitOps.status()
			.map(ConnectionStatuses::gitCard)
			.onErrorResume((ex) -> Mono.just(new GitCard(ConnectionState.UNREACHABLE, null, false,
					this.gitOps.mainBranch(), null, null, null, null, null, null,
					"error reading the infra repository status: " + ex.getMessage(), null)));
	}

	Mono<AdapterCard> argoCd() {
		return this.argoCd.status().map(ConnectionStatuses::argoCdCard);
	}

	Mono<AdapterCard> cluster() {
		return this.cluster.status().map(ConnectionStatuses::clusterCard);
	}

	static GitCard gitCard(RepositoryStatus status) {
		CommitSummary head = status.head();
		return new GitCard(status.reachable() ? ConnectionState.CONNECTED : ConnectionState.UNREACHABLE,
				status.remoteUrl(), status.embedded(), status.branch(), (head != null) ? head.abbreviatedId() : null,
				(head != null) ? head.id() : null, (head != null) ? head.shortMessage() : null,
				(head != null) ? head.authorName() : null, (head != null) ? DisplayTime.of(head.time()) : null,
				DisplayTime.of(status.lastFetchAt()), status.lastError(), DisplayTime.of(status.lastErrorAt()));
	}

	static AdapterCard argoCdCard(ArgoCdConnectionStatus status) {
		ConnectionState state = switch (status.state()) {
			case CONNECTED -> ConnectionState.CONNECTED;
			case UNREACHABLE -> ConnectionState.UNREACHABLE;
			case NOT_CONNECTED -> ConnectionState.NOT_CONNECTED;
		};
		return new AdapterCard(state, status.serverUrl(), status.version(), status.message(),
				DisplayTime.of(status.checkedAt()));
	}

	static AdapterCard clusterCard(ClusterConnectionStatus status) {
		ConnectionState state = switch (status.state()) {
			case CONNECTED -> ConnectionState.CONNECTED;
			case UNREACHABLE -> ConnectionState.UNREACHABLE;
			case NOT_CONNECTED -> ConnectionState.NOT_CONNECTED;
		};
		return new AdapterCard(state, status.apiServerUrl(), status.version(), status.message(),
				DisplayTime.of(status.checkedAt()));
	}

}
