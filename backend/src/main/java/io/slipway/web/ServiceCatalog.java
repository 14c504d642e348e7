package io.slipway.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.slipway.gitops.GitOpsRepository;
import io.slipway.gitops.UnknownRefException;
import io.slipway.platform.Environment;
import io.slipway.platform.Environments;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The services Git declares: one per folder under {@code services/} on the main branch, with the
 * environments it has an overlay for. This is what Git says, not what runs; live state comes from
 * Argo CD.
 */
@Component
class ServiceCatalog {

	static final String SERVICES_DIRECTORY = "services";

	private final GitOpsRepository gitOps;

	private final Environments environments;

	ServiceCatalog(GitOpsRepository gitOps, Environments environments) {
		this.gitOps = gitOps;
		this.environments = environments;
	}

	/**
	 * The configured environments in promotion order.
	 */
	List<EnvironmentRow> environments() {
		return this.environments.all()
			.stream()
			.map((environment) -> new EnvironmentRow(environment.name(), environment.namespace(),
					environment.argoCdProject(), environment.approvals(), environment.soak().toHours()))
			.toList();
	}

	String branch() {
		return this.gitOps.mainBranch();
	}

	Mono<ServiceListing> services() {
		String branch = branch();
		return this.gitOps.listFiles(branch, SERVICES_DIRECTORY)
			.map((paths) -> new ServiceListing(rows(paths), null))
			// a main branch without commits (a fresh, unseeded repository) declares no services yet
			.onErrorResume(UnknownRefException.class, (ex) -> Mono.just(new ServiceListing(List.of(), null)))
			.onErrorResume((ex) -> Mono.just(new ServiceListing(List.of(),
					"error listing " + SERVICES_DIRECTORY + "/ on " + branch + ": " + ex.getMessage())));
	}

	/**
	 * Groups file paths such as {@code services/payments/overlays/staging/kustomization.yaml} by
	 * service. Paths may be given relative to the repository root or to {@code services/}.
	 */
	List<ServiceRow> rows(List<String> paths) {
		Map<String, Set<String>> overlaysByService = new TreeMap<>();
		String prefix = SERVICES_DIRECTORY + "/";
		for (String path : paths) {
			String relative = path.startsWith(prefix) ? path.substring(prefix.length()) : path;
			String[] segments = relative.split("/");
			// a file directly under services/ (a README) is not a service
			if (segments.length < 2 || segments[0].isEmpty()) {
				continue;
			}
			Set<String> overlays = overlaysByService.computeIfAbsent(segments[0], (name) -> new LinkedHashSet<>());
			if (segments.length >= 4 && segments[1].equals("overlays")) {
				overlays.add(segments[2]);
			}
		}
		List<ServiceRow> rows = new ArrayList<>();
		overlaysByService.forEach((name, overlays) -> rows
			.add(new ServiceRow(name, prefix + name + "/", inPromotionOrder(overlays))));
		return rows;
	}

	private List<String> inPromotionOrder(Set<String> overlays) {
		List<String> order = this.environments.all().stream().map(Environment::name).toList();
		Comparator<String> byOrder = Comparator.comparingInt((String env) -> {
			int index = order.indexOf(env);
			return (index >= 0) ? index : Integer.MAX_VALUE;
		}).thenComparing(Comparator.naturalOrder());
		return overlays.stream().sorted(byOrder).toList();
	}

	/**
	 * One service as Git declares it.
	 *
	 * @param name the folder name under {@code services/}
	 * @param path its folder, for people who go looking in the repository
	 * @param environments environments with an overlay, in promotion order
	 */
	record ServiceRow(String name, String path, List<String> environments) {
	}

	/**
	 * The services found, or why none could be listed.
	 *
	 * @param services services in name order
	 * @param error what went wrong listing them, with context; {@code null} when listing worked
	 */
	record ServiceListing(List<ServiceRow> services, @Nullable String error) {
	}

}
