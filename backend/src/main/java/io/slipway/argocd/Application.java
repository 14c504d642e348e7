package io.slipway.argocd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * An Argo CD Application as the REST API returns it, reduced to what Slipway reads. Unknown fields
 * are ignored and every field but the name is optional, because Argo CD leaves out empty ones.
 *
 * @param metadata name, labels, resource version
 * @param spec source, destination, project, sync policy
 * @param status sync, health, history, operation state, images
 * @param operation the requested or running operation; present only while one is
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Application(ApplicationMetadata metadata, @Nullable ApplicationSpec spec,
		@Nullable ApplicationStatus status, @Nullable Operation operation) {

	/**
	 * @return {@code metadata.name}
	 */
	public String name() {
		return this.metadata.name();
	}

	/**
	 * @return {@code status.sync.status}, or {@code Unknown} when Argo CD did not say
	 */
	public String syncStatus() {
		SyncStatus sync = (this.status != null) ? this.status.sync() : null;
		return (sync != null && sync.status() != null) ? sync.status() : "Unknown";
	}

	/**
	 * @return {@code status.health.status}, or {@code Unknown} when Argo CD did not say
	 */
	public String healthStatus() {
		HealthStatus health = (this.status != null) ? this.status.health() : null;
		return (health != null && health.status() != null) ? health.status() : "Unknown";
	}

	/**
	 * Whether an operation is requested or running, so another one would be refused.
	 * @return {@code operation} present, or {@code operationState.phase} Running or Terminating
	 */
	public boolean isBusy() {
		if (this.operation != null) {
			return true;
		}
		OperationState state = (this.status != null) ? this.status.operationState() : null;
		return state != null && ("Running".equals(state.phase()) || "Terminating".equals(state.phase()));
	}

}
