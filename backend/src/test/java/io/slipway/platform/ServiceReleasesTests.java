package io.slipway.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.slipway.gitops.CommitRequest;
import io.slipway.gitops.GitOpsRepository;
import io.slipway.gitops.LocalGitOps;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each environment of a service runs, read from a real repository in both layouts, and from
 * the Argo CD Application when the overlay is not where the conventions put it: the same answer for
 * one service as in the listing of all.
 */
class ServiceReleasesTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	Path temp;

	private GitOpsRepository gitOps;

	private ServiceReleases releases;

	@BeforeEach
	void seed() throws Exception {
		Path bare = this.temp.resolve("infra.git");
		Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
		this.gitOps = LocalGitOps.open(bare.toUri().toString(), this.temp.resolve("data"));
		this.gitOps.commit(CommitRequest.builder("seed")
			// the infra rules' layout
			.put("services/billing/overlays/staging/kustomization.yaml", kustomization("1.2.0"))
			.put("services/billing/overlays/production/kustomization.yaml", kustomization("1.1.0"))
			// production's overlay elsewhere, named by its Argo CD Application; staging has none
			.put("services/orders/base/kustomization.yaml", "resources: []\n")
			.put("services/orders/deploy/live/kustomization.yaml", kustomization("3.0.1"))
			.put("argocd/apps/production/orders.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: Application\n"
					+ "metadata:\n  name: orders-production\nspec:\n  source:\n    path: /services/orders/deploy/live/\n")
			// the services guide's layout: prod for production, dev for the rest
			.put("packages/search/k8s/overlays/dev/kustomization.yaml", kustomization("0.9.0"))
			.put("packages/search/k8s/overlays/prod/kustomization.yaml", kustomization("0.8.0"))
			.build()).block(WAIT);
		this.releases = new ServiceReleases(this.gitOps,
				new Environments(new PlatformProperties(List.of("staging", "production"), Map.of())));
	}

	@AfterEach
	void close() {
		LocalGitOps.close(this.gitOps);
	}

	private static String kustomization(String tag) {
		return "resources:\n- ../../base\nimages:\n- name: app\n  newTag: " + tag + "\n";
	}

	@Test
	void findsEachServicesOverlaysInEitherLayoutOrThroughItsApplication() {
		DeclaredService orders = this.releases.find("orders").block(WAIT).orElseThrow();
		assertThat(orders.environments()).extracting(EnvironmentRelease::environment, EnvironmentRelease::overlay,
				EnvironmentRelease::imageTag)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("staging", null, null),
					org.assertj.core.groups.Tuple.tuple("production", "services/orders/deploy/live", "3.0.1"));
		assertThat(orders.environments().get(1).commit()).isNotNull();

		DeclaredService billing = this.releases.find("billing").block(WAIT).orElseThrow();
		assertThat(billing.environments()).extracting(EnvironmentRelease::overlay, EnvironmentRelease::imageTag)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("services/billing/overlays/staging", "1.2.0"),
					org.assertj.core.groups.Tuple.tuple("services/billing/overlays/production", "1.1.0"));

		DeclaredService search = this.releases.find("search").block(WAIT).orElseThrow();
		assertThat(search.environments()).extracting(EnvironmentRelease::overlay, EnvironmentRelease::imageTag)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("packages/search/k8s/overlays/dev", "0.9.0"),
					org.assertj.core.groups.Tuple.tuple("packages/search/k8s/overlays/prod", "0.8.0"));

		// one service alone reads as it does in the listing of all
		List<DeclaredService> all = this.releases.list().block(WAIT);
		assertThat(all).extracting(DeclaredService::name).containsExactly("billing", "orders", "search");
		assertThat(all).containsExactly(billing, orders, search);
		assertThat(this.releases.find("nothing").block(WAIT)).isEmpty();
	}

	@Test
	void withoutHistoryReadsTheSameOverlaysAndTagsButNoCommits() {
		List<DeclaredService> all = this.releases.list().block(WAIT);
		List<DeclaredService> withoutHistory = all.stream()
			.map((service) -> new DeclaredService(service.name(), service.path(), service.templatePack(),
					service.environments()
						.stream()
						.map((release) -> new EnvironmentRelease(release.environment(), release.overlay(),
								release.imageTag(), null))
						.toList()))
			.toList();
		assertThat(withoutHistory).flatExtracting(DeclaredService::environments)
			.extracting(EnvironmentRelease::overlay)
			.isNotEmpty();
		assertThat(this.releases.listWithoutHistory().block(WAIT)).isEqualTo(withoutHistory);
		for (DeclaredService service : withoutHistory) {
			assertThat(this.releases.findWithoutHistory(service.name()).block(WAIT)).contains(service);
		}
		assertThat(this.releases.findWithoutHistory("nothing").block(WAIT)).isEmpty();
	}

}
