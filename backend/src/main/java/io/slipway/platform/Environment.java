package io.slipway.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * One environment a service is promoted through, with everything configuration says about it.
 * Environments are ordered: promotion goes from one to the next.
 *
 * @param name environment name, a DNS-1123 label ({@code staging}, {@code production})
 * @param namespace Kubernetes namespace the environment's applications deploy into
 * @param argoCdProject Argo CD project the environment's applications belong to
 * @param approvals approvals needed to promote into this environment
 * @param soak how long a candidate must have run in the previous environment
 * @param checklist checklist item labels a promotion into this environment must have checked
 * @param autoMerge whether a promotion merges by itself once gates and approvals hold
 * @param approverGroup the group approvers of a promotion into this environment must belong to
 * ({@code slipway.security.users[N].groups}); {@code null} when any approver may approve
 * @param freezeWindows periods during which nothing is promoted into this environment
 */
public record Environment(String name, String namespace, String argoCdProject, int approvals, Duration soak,
		List<String> checklist, boolean autoMerge, @Nullable String approverGroup, List<FreezeWindow> freezeWindows) {

	public Environment {
		checklist = List.copyOf(checklist);
		freezeWindows = List.copyOf(freezeWindows);
	}

	/**
	 * An environment without an approver group or freeze windows.
	 */
	public Environment(String name, String namespace, String argoCdProject, int approvals, Duration soak,
			List<String> checklist, boolean autoMerge) {
		this(name, namespace, argoCdProject, approvals, soak, checklist, autoMerge, null, List.of());
	}

	/**
	 * The freeze window covering {@code now}, if any (the one ending last when several overlap).
	 */
	public Optional<ActiveFreeze> activeFreeze(Instant now) {
		ActiveFreeze active = null;
		for (FreezeWindow window : this.freezeWindows) {
			Optional<Instant> until = window.activeUntil(now);
			if (until.isPresent() && (active == null || until.get().isAfter(active.until()))) {
				active = new ActiveFreeze(window, until.get());
			}
		}
		return Optional.ofNullable(active);
	}

	/**
	 * A freeze window in force, and when this occurrence of it ends.
	 *
	 * @param window the window
	 * @param until the first moment promotions are allowed again
	 */
	public record ActiveFreeze(FreezeWindow window, Instant until) {
	}

	/** The Argo CD application name of a service in this environment, per the infra rules. */
	public String applicationName(String service) {
		return service + "-" + this.name;
	}

}
