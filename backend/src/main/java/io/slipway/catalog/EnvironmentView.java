package io.slipway.catalog;

import io.slipway.platform.Environment;
import io.slipway.platform.EnvironmentRelease;
import org.jspecify.annotations.Nullable;

/**
 * One service in one environment: the release Git declares next to what Argo CD reports, and
 * whether they disagree.
 *
 * @param environment the environment
 * @param release what Git declares
 * @param argoCd what Argo CD reports; {@code null} when no Argo CD server is configured
 * @param drift how Git and Argo CD disagree, {@code null} when they do not (or nobody can tell)
 */
record EnvironmentView(Environment environment, EnvironmentRelease release, @Nullable ArgoCdView argoCd,
		@Nullable Drift drift) {

	public String name() {
		return this.environment.name();
	}

	public boolean declared() {
		return this.release.declared();
	}

	/**
	 * Whether someone should look: Git and Argo CD disagree, the application is not healthy, or its
	 * last operation failed.
	 */
	public boolean needsAttention() {
		if (this.drift != null) {
			return true;
		}
		if (this.argoCd == null || !this.argoCd.found()) {
			return false;
		}
		String health = this.argoCd.healthStatus();
		String phase = (this.argoCd.operation() != null) ? this.argoCd.operation().phase() : null;
		return "Degraded".equals(health) || "Missing".equals(health) || "Failed".equals(phase) || "Error".equals(phase);
	}

	/** The message key naming the drift, for {@code #{${...}}}. */
	public String driftKey() {
		return (this.drift != null) ? "catalog.drift." + this.drift.name() : "";
	}

	static EnvironmentView of(Environment environment, EnvironmentRelease release, @Nullable ArgoCdView argoCd,
			CacheView cache) {
		return new EnvironmentView(environment, release, argoCd, drift(release, argoCd, cache));
	}

	private static @Nullable Drift drift(EnvironmentRelease release, @Nullable ArgoCdView argoCd, CacheView cache) {
		if (argoCd == null || !release.declared()) {
			return null;
		}
		if (!argoCd.found()) {
			// before the cache first matched Argo CD, absent means unknown, not missing
			return cache.hasData() ? Drift.MISSING : null;
		}
		if ("OutOfSync".equals(argoCd.syncStatus())) {
			return Drift.OUT_OF_SYNC;
		}
		String declared = release.imageTag();
		if (declared != null && !argoCd.serviceImages().isEmpty() && !argoCd.runsTag(declared)) {
			return Drift.IMAGE;
		}
		return null;
	}

	/**
	 * How Git and Argo CD disagree.
	 */
	enum Drift {

		/** Git declares an overlay, Argo CD has no application for it. */
		MISSING,

		/** Argo CD says the live state differs from Git. */
		OUT_OF_SYNC,

		/** No pod of the service runs the image tag Git declares. */
		IMAGE

	}

}
