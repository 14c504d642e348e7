package io.slipway.promotion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.slipway.promotion.PromotionDetail.Comparison;
import io.slipway.promotion.PromotionDetail.Difference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The source-versus-target summary of a promotion, read from real overlays: both template packs'
 * rendered output ({@code goapps} and {@code packages}, copied from the template golden files) and
 * an overlay edited by hand, with comments, inline patches, the replicas transformer, config map
 * and secret generators, and one that changes its base with JSON 6902 operations.
 */
class PromotionOverlaySummaryTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	/** Reads the repository from test resources, as the infra repository at the main branch. */
	private static Function<String, Mono<Optional<String>>> repository(String root) {
		return (path) -> Mono.fromCallable(() -> {
			try (InputStream in = PromotionOverlaySummaryTests.class
				.getResourceAsStream("/promotion/overlays/" + root + "/" + path)) {
				return (in != null) ? Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8))
						: Optional.<String>empty();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	private static List<Comparison> compare(String root, String source, String target, String service,
			String candidate) {
		Function<String, Mono<Optional<String>>> read = repository(root);
		List<OverlaySettings.Setting> from = OverlaySettings.read(read, source, service).block(PATIENCE);
		List<OverlaySettings.Setting> to = OverlaySettings.read(read, target, service).block(PATIENCE);
		String targetTag = to.stream()
			.filter((setting) -> setting.key().equals("image tag"))
			.map(OverlaySettings.Setting::value)
			.findFirst()
			.orElse(null);
		return OverlaySettings.compare(from, to, candidate, targetTag);
	}

	@Test
	void comparesTheGoappsPacksOverlaysIncludingTheBase() {
		List<Comparison> rows = compare("goapps", "services/payments/overlays/staging",
				"services/payments/overlays/production", "payments", "1.4.0");

		assertThat(rows).extracting(Comparison::key, Comparison::source, Comparison::target, Comparison::difference,
				Comparison::promoted)
			.startsWith(tuple("image tag", "1.4.0", "1.3.2", Difference.CHANGED, true),
					tuple("replicas", "1", "3", Difference.CHANGED, false),
					tuple("cpu request", "100m", "200m", Difference.CHANGED, false),
					tuple("memory request", "128Mi", "256Mi", Difference.CHANGED, false),
					tuple("cpu limit", "500m", "1", Difference.CHANGED, false),
					tuple("memory limit", "512Mi", "1Gi", Difference.CHANGED, false))
			.contains(tuple("env APP_ENV", "from field metadata.namespace", "from field metadata.namespace",
					Difference.UNCHANGED, false),
					tuple("env LOG_LEVEL", "info", "info", Difference.UNCHANGED, false),
					// a secret by its name and key, never a value
					tuple("env DATABASE_PASSWORD", "from secret payments-db/password",
							"from secret payments-db/password", Difference.UNCHANGED, false));
	}

	@Test
	void comparesThePackagesPacksOverlaysWhoseImageIsRenamed() {
		List<Comparison> rows = compare("packages", "packages/mailer/k8s/overlays/dev",
				"packages/mailer/k8s/overlays/prod", "mailer", "1.0.0");

		assertThat(rows).extracting(Comparison::key, Comparison::source, Comparison::target, Comparison::difference)
			.startsWith(tuple("image tag", "1.0.0", "0.9.0", Difference.CHANGED),
					tuple("replicas", "1", "2", Difference.CHANGED),
					tuple("cpu request", "50m", "50m", Difference.UNCHANGED),
					tuple("memory request", "64Mi", "64Mi", Difference.UNCHANGED));
		assertThat(rows).filteredOn((row) -> !row.key().equals("image tag")).noneMatch(Comparison::promoted);
	}

	@Test
	void readsAHandEditedOverlayWithCommentsGeneratorsAndInlinePatches() {
		List<Comparison> rows = compare("handwritten", "overlays/staging", "overlays/production", "ledger", "2.1.0");

		assertThat(rows).extracting(Comparison::key, Comparison::source, Comparison::target, Comparison::difference)
			.containsExactly(tuple("image tag", "2.1.0", "2.0.3", Difference.CHANGED),
					// the replicas transformer of production against the base's spec.replicas
					tuple("replicas", "1", "4", Difference.CHANGED),
					// the service's container, not the sidecar listed first
					tuple("env LOG_LEVEL", "debug", "info", Difference.CHANGED),
					tuple("env DATABASE_PASSWORD", "from secret ledger-db/password", "from secret ledger-db/password",
							Difference.UNCHANGED),
					tuple("env FEATURE_BATCH_EXPORT", "true", "", Difference.ONLY_IN_SOURCE),
					tuple("envFrom config map ledger-config", "all keys", "all keys", Difference.UNCHANGED),
					// the base's generator merged with each overlay's literals or env file
					tuple("config map ledger-config: LOG_FORMAT", "json", "json", Difference.UNCHANGED),
					tuple("config map ledger-config: CACHE_TTL", "5", "300", Difference.CHANGED),
					tuple("secret ledger-api: API_KEY", "(secret)", "(secret)", Difference.UNCHANGED),
					tuple("cpu request", "", "500m", Difference.ONLY_IN_TARGET),
					tuple("memory request", "", "1Gi", Difference.ONLY_IN_TARGET),
					tuple("env REGION", "", "eu-west-1", Difference.ONLY_IN_TARGET),
					tuple("secret ledger-api: API_SECRET", "", "(secret)", Difference.ONLY_IN_TARGET));
		assertThat(rows.toString()).doesNotContain("do-not-show");
	}

	@Test
	void appliesJson6902PatchesAndTargetedPatchesToTheWorkloadsTheySelect() {
		List<Comparison> rows = compare("json6902", "overlays/staging", "overlays/production", "ledger", "2.1.0");

		assertThat(rows).extracting(Comparison::key, Comparison::source, Comparison::target, Comparison::difference)
			.containsExactly(tuple("image tag", "2.1.0", "2.0.3", Difference.CHANGED),
					// op: replace, and not the 99 of the patch aimed at a StatefulSet
					tuple("replicas", "1", "6", Difference.CHANGED),
					// a strategic merge selected by a name pattern and a label
					tuple("env LOG_LEVEL", "info", "warn", Difference.CHANGED),
					// op: remove from patchesJson6902, applied after patches
					tuple("env FEATURE_DEBUG", "true", "", Difference.ONLY_IN_SOURCE),
					// op: add of a whole object, and an append to a list
					tuple("memory limit", "", "2Gi", Difference.ONLY_IN_TARGET),
					tuple("env REGION", "", "eu-west-1", Difference.ONLY_IN_TARGET));
	}

	@Test
	void anOverlayThatIsNotThereComparesAsOnlyInTheOtherEnvironment() {
		List<Comparison> rows = compare("handwritten", "overlays/staging", "overlays/missing", "ledger", "2.1.0");

		assertThat(rows).first()
			.extracting(Comparison::key, Comparison::difference)
			.containsExactly("image tag", Difference.ONLY_IN_SOURCE);
		assertThat(rows).allMatch((row) -> row.difference() == Difference.ONLY_IN_SOURCE);
	}

}
