package io.slipway.platform;

import java.time.Duration;
import java.util.List;

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
 */
public record Environment(String name, String namespace, String argoCdProject, int approvals, Duration soak,
		List<String> checklist, boolean autoMerge) {

	public Environment {
		checklist = List.copyOf(checklist);
	}

	/** The Argo CD application name of a service in this environment, per the infra rules. */
	public String applicationName(String service) {
		return service + "-" + this.name;
	}

}
