package io.slipway.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.slipway.argocd.Application;
import io.slipway.argocd.ApplicationMetadata;
import io.slipway.argocd.ApplicationSource;
import io.slipway.argocd.ApplicationSpec;
import io.slipway.argocd.ApplicationStatus;
import io.slipway.argocd.ApplicationSummary;
import io.slipway.argocd.AutomatedSyncPolicy;
import io.slipway.argocd.HealthStatus;
import io.slipway.argocd.InitiatedBy;
import io.slipway.argocd.Operation;
import io.slipway.argocd.OperationState;
import io.slipway.argocd.RevisionHistory;
import io.slipway.argocd.SyncOperation;
import io.slipway.argocd.SyncPolicy;
import io.slipway.argocd.SyncStatus;
import org.jspecify.annotations.Nullable;

/**
 * Argo CD Applications as the cache would hold them, built the way a test reads: name, sync,
 * health, images, history.
 */
final class Applications {

	private final String name;

	private String path;

	private String syncStatus = "Synced";

	private @Nullable String revision;

	private String health = "Healthy";

	private @Nullable String healthMessage;

	private List<String> images = List.of();

	private final List<RevisionHistory> history = new ArrayList<>();

	private @Nullable OperationState operationState;

	private Applications(String name, String path) {
		this.name = name;
		this.path = path;
	}

	/** An application of a service's overlay, {@code <service>-<environment>}. */
	static Applications of(String service, String environment) {
		return new Applications(service + "-" + environment, "services/" + service + "/overlays/" + environment);
	}

	static Applications named(String name, String path) {
		return new Applications(name, path);
	}

	Applications sync(String status, String revision) {
		this.syncStatus = status;
		this.revision = revision;
		return this;
	}

	Applications health(String status, @Nullable String message) {
		this.health = status;
		this.healthMessage = message;
		return this;
	}

	Applications images(String... images) {
		this.images = List.of(images);
		return this;
	}

	Applications synced(String revision, Instant deployedAt, @Nullable String user) {
		this.history.add(new RevisionHistory(this.history.size(), revision, deployedAt, deployedAt.minusSeconds(20),
				new ApplicationSource("https://git.example/infra.git", this.path, "main"),
				(user != null) ? new InitiatedBy(user, false) : new InitiatedBy(null, true)));
		return this;
	}

	Applications operation(String phase, String message, Instant startedAt, @Nullable Instant finishedAt) {
		this.operationState = new OperationState(null, phase, message, startedAt, finishedAt, null, 0);
		return this;
	}

	Application build() {
		return new Application(
				new ApplicationMetadata(this.name, "argocd", "1", Map.of(), Map.of(), Instant.parse("2026-11-01T00:00:00Z"),
						null),
				new ApplicationSpec(new ApplicationSource("https://git.example/infra.git", this.path, "main"), null, "goapps",
						new SyncPolicy(new AutomatedSyncPolicy(true, true, null), List.of("CreateNamespace=true"))),
				new ApplicationStatus(List.of(), new SyncStatus(this.syncStatus, this.revision),
						new HealthStatus(this.health, this.healthMessage, null), this.history, null, this.operationState,
						new ApplicationSummary(this.images, List.of()), List.of()),
				null);
	}

	/** The application as Argo CD answers a sync: the operation set, started by the user. */
	static Application syncing(Application application, String user) {
		String revision = (application.status() != null && application.status().sync() != null)
				? application.status().sync().revision() : null;
		return new Application(application.metadata(), application.spec(), application.status(),
				new Operation(new SyncOperation(revision, true, false, null, List.of()), new InitiatedBy(user, false)));
	}

}
