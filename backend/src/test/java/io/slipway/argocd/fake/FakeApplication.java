package io.slipway.argocd.fake;

import java.util.List;

import tools.jackson.databind.node.ObjectNode;

/**
 * A snapshot of one Application held by {@link FakeArgoCd}, taken when it was asked for. It never
 * changes afterwards, so a test can read it while the fake's controller moves on.
 */
public final class FakeApplication {

	private final ObjectNode json;

	FakeApplication(ObjectNode json) {
		this.json = json;
	}

	/**
	 * @return {@code metadata.name}
	 */
	public String name() {
		throw new UnsupportedOperationException();
	}

	/**
	 * @return {@code spec.project}
	 */
	public String project() {
		throw new UnsupportedOperationException();
	}

	/**
	 * @return a copy of the Application as Get returns it
	 */
	public ObjectNode json() {
		throw new UnsupportedOperationException();
	}

	/**
	 * @return {@code status.history[].id}, oldest first
	 */
	public List<Long> historyIds() {
		throw new UnsupportedOperationException();
	}

	/**
	 * @return {@code metadata.resourceVersion} as a number
	 */
	public long resourceVersion() {
		throw new UnsupportedOperationException();
	}

	/**
	 * @return {@code status.sync.status}
	 */
	public String syncStatus() {
		throw new UnsupportedOperationException();
	}

	/**
	 * @return {@code status.health.status}
	 */
	public String healthStatus() {
		throw new UnsupportedOperationException();
	}

	/**
	 * @return whether auto-sync counts as enabled (Argo CD's IsAutomatedSyncEnabled)
	 */
	public boolean automatedSyncEnabled() {
		throw new UnsupportedOperationException();
	}

}
