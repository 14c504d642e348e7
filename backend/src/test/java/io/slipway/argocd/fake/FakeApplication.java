package io.slipway.argocd.fake;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A snapshot of one Application held by {@link FakeArgoCd}, taken when it was asked for. It never
 * changes afterwards, so a test can read it while the fake's controller moves on.
 */
public final class FakeApplication {

	private final ObjectNode json;

	private final String headRevision;

	FakeApplication(ObjectNode json, String headRevision) {
		this.json = json;
		this.headRevision = headRevision;
	}

	/**
	 * @return {@code metadata.name}
	 */
	public String name() {
		return ApplicationStore.name(this.json);
	}

	/**
	 * @return {@code spec.project}
	 */
	public String project() {
		return ApplicationStore.project(this.json);
	}

	/**
	 * @return a copy of the Application as Get returns it
	 */
	public ObjectNode json() {
		return this.json.deepCopy();
	}

	/**
	 * @return {@code status.history[].id}, oldest first
	 */
	public List<Long> historyIds() {
		List<Long> ids = new ArrayList<>();
		for (JsonNode entry : this.json.path("status").path("history")) {
			ids.add(entry.path("id").asLong());
		}
		return ids;
	}

	/**
	 * @return {@code status.history[].revision}, oldest first
	 */
	public List<String> historyRevisions() {
		List<String> revisions = new ArrayList<>();
		for (JsonNode entry : this.json.path("status").path("history")) {
			revisions.add(entry.path("revision").asString());
		}
		return revisions;
	}

	/**
	 * @return {@code metadata.resourceVersion} as a number
	 */
	public long resourceVersion() {
		return ApplicationStore.resourceVersionOf(this.json);
	}

	/**
	 * @return {@code status.sync.status}
	 */
	public String syncStatus() {
		return this.json.path("status").path("sync").path("status").asString("");
	}

	/**
	 * @return {@code status.sync.revision}
	 */
	public String syncRevision() {
		return this.json.path("status").path("sync").path("revision").asString("");
	}

	/**
	 * @return the SHA the tracked branch points at now (what a sync to the target revision deploys)
	 */
	public String headRevision() {
		return this.headRevision;
	}

	/**
	 * @return {@code status.health.status}
	 */
	public String healthStatus() {
		return ApplicationStore.healthOf(this.json);
	}

	/**
	 * @return {@code status.operationState.phase}, or null without an operation state
	 */
	public @Nullable String operationPhase() {
		return this.json.path("status").path("operationState").path("phase").asString(null);
	}

	/**
	 * @return whether the top-level {@code operation} is set (an operation is requested or running)
	 */
	public boolean hasOperation() {
		return this.json.has("operation");
	}

	/**
	 * @return {@code status.summary.images}
	 */
	public List<String> images() {
		List<String> images = new ArrayList<>();
		for (JsonNode image : this.json.path("status").path("summary").path("images")) {
			images.add(image.asString());
		}
		return images;
	}

	/**
	 * @return whether auto-sync counts as enabled (Argo CD's IsAutomatedSyncEnabled)
	 */
	public boolean automatedSyncEnabled() {
		return ApplicationStore.isAutomatedSyncEnabled(this.json);
	}

	@Override
	public String toString() {
		return name() + " " + syncStatus() + "/" + healthStatus() + " rv " + resourceVersion();
	}

}
