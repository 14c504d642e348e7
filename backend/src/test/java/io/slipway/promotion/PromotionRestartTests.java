package io.slipway.promotion;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.slipway.ControlPlaneApplication;
import io.slipway.argocd.ArgoCdApplications;
import io.slipway.argocd.fake.FakeArgoCd;
import io.slipway.cluster.BackupFreshness;
import io.slipway.gitops.CommitRequest;
import io.slipway.gitops.GitOpsRepository;
import mockwebserver3.MockWebServer;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slipway stopped while a promotion waits for Argo CD, and started again on the same data
 * directory (infra repository and H2 database): the new process picks the promotion up where it
 * stood, follows the fake Argo CD until the target is Synced and Healthy at the merge, and never
 * commits or merges a second time.
 */
class PromotionRestartTests {

	private static final Duration PATIENCE = Duration.ofSeconds(40);

	private static final String KUSTOMIZATION = """
			apiVersion: kustomize.config.k8s.io/v1beta1
			kind: Kustomization
			resources:
			  - ../../base
			images:
			  - name: ghcr.io/example-org/%s
			    newTag: %s # set by promotions
			""";

	private static FakeArgoCd argoCd;

	private static MockWebServer alertmanager;

	@TempDir
	static Path dataDir;

	@BeforeAll
	static void startArgoCdAndAlertmanager() throws IOException {
		argoCd = FakeArgoCd.start();
		argoCd.setSyncDuration(Duration.ofMillis(300));
		alertmanager = PromotionFixtures.quietAlertmanager();
	}

	@AfterAll
	static void stop() throws IOException {
		argoCd.close();
		alertmanager.close();
	}

	/** The cluster's backups, fresh: the backup gate passes without a cluster. */
	@Configuration(proxyBeanMethods = false)
	static class FreshBackups {

		@Bean
		@Primary
		BackupFreshness freshBackups() {
			return PromotionFixtures.freshBackups();
		}

	}

	private static ConfigurableApplicationContext startSlipway() {
		// arguments, not default properties: those would lose against application.yml
		return new SpringApplicationBuilder(ControlPlaneApplication.class, FreshBackups.class).run("--server.port=0",
				"--slipway.data-dir=" + dataDir, "--slipway.argocd.url=" + argoCd.url(),
				"--slipway.argocd.token=" + argoCd.token(), "--slipway.alertmanager.url=" + alertmanager.url("/"),
				"--slipway.promotions.reconcile-interval=PT0.5S", "--slipway.promotions.health-timeout=PT2M",
				"--slipway.environments.production.checklist=Team notified",
				"--slipway.security.users[0].name=dave", "--slipway.security.users[0].password={noop}dave-pw",
				"--slipway.security.users[0].roles=developer");
	}

	@Test
	void aRestartResumesThePromotionWithoutASecondCommit() throws IOException {
		long id;
		String merge;
		try (ConfigurableApplicationContext first = startSlipway()) {
			first.getBean(GitOpsRepository.class)
				.commit(CommitRequest.builder("feat(orders): add deployment configuration")
					.put("services/orders/base/kustomization.yaml", "resources: []\n")
					.put("services/orders/overlays/staging/kustomization.yaml", KUSTOMIZATION.formatted("orders", "1.5.0"))
					.put("services/orders/overlays/production/kustomization.yaml",
							KUSTOMIZATION.formatted("orders", "1.4.0"))
					.build())
				.block(PATIENCE);
			String repo = "https://git.example.com/infra.git";
			argoCd.createApplication("orders-staging", "goapps", repo, "services/orders/overlays/staging",
					"goapps-staging", "1.5.0");
			argoCd.createApplication("orders-production", "goapps", repo, "services/orders/overlays/production",
					"goapps-production", "1.4.0");
			// staging has run the candidate for 30 h
			var staging = argoCd.application("orders-staging").orElseThrow().json();
			((tools.jackson.databind.node.ObjectNode) staging.get("status").get("history").get(0)).put("deployedAt",
					Instant.now().minus(Duration.ofHours(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
			argoCd.loadApplication(staging.toString());
			ArgoCdApplications cache = first.getBean(ArgoCdApplications.class);
			await().atMost(PATIENCE)
				.until(() -> cache.find("orders-staging")
					.map((app) -> app.status().history().get(0).deployedAt().isBefore(Instant.now().minus(Duration.ofHours(25))))
					.orElse(false) && cache.find("orders-production").isPresent());

			PromotionManagement promotions = first.getBean(PromotionManagement.class);
			id = promotions.request("orders", "staging", "production", "dave").block(PATIENCE).promotion().id();
			promotions.recordChecklistItem(id, 1, true, "#orders told", "dave").block(PATIENCE);
			promotions.approve(id, "bob", "ship it").block(PATIENCE);

			// merged; Argo CD has not seen the merge yet, so the promotion waits on it
			long promotion = id;
			Promotion waiting = await().atMost(PATIENCE)
				.until(() -> promotions.find(promotion).block(PATIENCE).orElseThrow().promotion(),
						(found) -> found.step(PromotionStepKind.ARGOCD_WAIT_HEALTHY).status() == StepStatus.RUNNING);
			assertThat(waiting.phase()).isEqualTo(PromotionPhase.Running);
			merge = waiting.mergeCommit();
		}

		try (ConfigurableApplicationContext second = startSlipway()) {
			PromotionManagement promotions = second.getBean(PromotionManagement.class);
			// Argo CD's repository polling sees the merge; auto-sync rolls it out
			argoCd.commit("orders-production", merge, "1.5.0");

			long promotion = id;
			Promotion done = await().atMost(PATIENCE)
				.until(() -> promotions.find(promotion).block(PATIENCE).orElseThrow().promotion(),
						(found) -> found.phase().isTerminal());
			assertThat(done.phase()).isEqualTo(PromotionPhase.Succeeded);
			assertThat(done.mergeCommit()).isEqualTo(merge);
			assertThat(done.phaseMessage()).contains("orders-production is Synced and Healthy at " + merge.substring(0, 7));
		}
		assertThat(commitsWithTrailer("Promotion-Id: " + id)).as("promotion commits on any branch").hasSize(1);
		assertThat(argoCd.application("orders-production").orElseThrow().images())
			.containsExactly("ghcr.io/example-org/orders:1.5.0");
	}

	/** Every commit reachable from any branch of the infra repository whose message has this line. */
	private static List<RevCommit> commitsWithTrailer(String trailer) throws IOException {
		try (Repository repository = new FileRepositoryBuilder().setGitDir(dataDir.resolve("infra.git").toFile())
			.setBare()
			.build(); RevWalk walk = new RevWalk(repository)) {
			for (Ref ref : repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
				walk.markStart(walk.parseCommit(ref.getObjectId()));
			}
			List<RevCommit> found = new ArrayList<>();
			for (RevCommit commit : walk) {
				if (commit.getFullMessage().lines().anyMatch(trailer::equals)) {
					found.add(commit);
				}
			}
			return found;
		}
	}

}
