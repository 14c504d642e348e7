package io.slipway.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.slipway.argocd.ArgoCdException;
import io.slipway.argocd.ResourceTree;
import io.slipway.argocd.RevisionMetadata;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * What a service page loads lazily from Argo CD because the cache does not hold it: the author and
 * message of the synced revision (remembered per revision, it never changes) and a summary of the
 * live resources. Each call is bounded, so a slow Argo CD delays a panel, never the page.
 */
@Component
class ApplicationDetails {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ArgoCdAccess argoCd;

	private final RecentlyUsed<String, RevisionMetadata> revisions = new RecentlyUsed<>(2048);

	ApplicationDetails(ArgoCdAccess argoCd) {
		this.argoCd = argoCd;
	}

	/**
	 * @return author, date and message of a revision; an {@link ArgoCdException} when Argo CD
	 * cannot say
	 */
	Mono<RevisionMetadata> revision(String application, @Nullable String namespace, String project,
			String revision) {
		Optional<RevisionMetadata> known = this.revisions.get(revision);
		if (known.isPresent()) {
			return Mono.just(known.get());
		}
		return this.argoCd.client()
			.revisionMetadata(application, namespace, project, revision)
			.timeout(TIMEOUT, Mono.error(() -> timedOut("revision metadata of " + application)))
			.doOnNext((metadata) -> this.revisions.put(revision, metadata));
	}

	/**
	 * @return the application's live resources by kind, with how many are in each health state
	 */
	Mono<List<KindSummary>> resources(String application, @Nullable String namespace, String project) {
		return this.argoCd.client()
			.resourceTree(application, namespace, project)
			.timeout(TIMEOUT, Mono.error(() -> timedOut("resource tree of " + application)))
			.map(ApplicationDetails::summarize);
	}

	static List<KindSummary> summarize(ResourceTree tree) {
		Map<String, Map<String, Integer>> byKind = new TreeMap<>();
		for (ResourceTree.Node node : tree.nodes()) {
			String kind = (node.kind() != null) ? node.kind() : "";
			String health = (node.health() != null && node.health().status() != null) ? node.health().status() : "";
			byKind.computeIfAbsent(kind, (key) -> new TreeMap<>()).merge(health, 1, Integer::sum);
		}
		List<KindSummary> summaries = new ArrayList<>();
		byKind.forEach((kind, counts) -> {
			List<HealthCount> health = new ArrayList<>();
			int total = 0;
			for (Map.Entry<String, Integer> count : counts.entrySet()) {
				total += count.getValue();
				if (!count.getKey().isEmpty()) {
					health.add(new HealthCount(count.getKey(), count.getValue(), ArgoCdView.healthTone(count.getKey())));
				}
			}
			summaries.add(new KindSummary(kind, total, health));
		});
		return summaries;
	}

	private static ArgoCdException timedOut(String what) {
		return new ArgoCdException.Unavailable("error reading the " + what + " from Argo CD: no answer within "
				+ TIMEOUT.toSeconds() + "s", 0, null, "no answer within " + TIMEOUT.toSeconds() + "s", null);
	}

	/**
	 * One kind of live resource.
	 *
	 * @param kind e.g. {@code Deployment}
	 * @param total how many
	 * @param health how many per health state, for kinds Argo CD assesses
	 */
	record KindSummary(String kind, int total, List<HealthCount> health) {
	}

	/**
	 * @param status a health state
	 * @param count resources in it
	 * @param tone its badge tone
	 */
	record HealthCount(String status, int count, String tone) {
	}

}
