package io.slipway.web;

import io.slipway.security.PermissionMatrix;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.slipway.argocd.ArgoCdConnection;
import io.slipway.argocd.ArgoCdConnectionStatus;
import io.slipway.cluster.ClusterConnection;
import io.slipway.cluster.ClusterConnectionStatus;
import io.slipway.gitops.CommitSummary;
import io.slipway.gitops.GitOpsRepository;
import io.slipway.gitops.RepositoryStatus;
import io.slipway.platform.Environment;
import io.slipway.platform.Environments;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockUser;

@WebFluxTest(OverviewController.class)
@Import({ ConnectionStatuses.class, ServiceCatalog.class, PermissionMatrix.class })
class OverviewControllerTests {

	private static final Instant COMMITTED = Instant.parse("2026-11-22T09:30:00Z");

	@Autowired
	private WebTestClient client;

	@MockitoBean
	private GitOpsRepository gitOps;

	@MockitoBean
	private ArgoCdConnection argoCd;

	@MockitoBean
	private ClusterConnection cluster;

	@MockitoBean
	private Environments environments;

	@BeforeEach
	void notConnectedToArgoCdOrCluster() {
		this.client = this.client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
		given(this.gitOps.mainBranch()).willReturn("main");
		given(this.environments.all()).willReturn(List.of(
				new Environment("staging", "goapps-staging", "goapps", 0, Duration.ZERO, List.of(), true),
				new Environment("production", "goapps-production", "goapps", 1, Duration.ofHours(24),
						List.of("Team notified"), true)));
		given(this.argoCd.status()).willReturn(Mono.just(ArgoCdConnectionStatus
			.notConnected("Argo CD client not configured: set slipway.argocd.url", COMMITTED)));
		given(this.cluster.status()).willReturn(
				Mono.just(ClusterConnectionStatus.notConnected("Kubernetes access not configured", COMMITTED)));
		given(this.gitOps.listFiles("main", "services")).willReturn(Mono.just(List.of("services/README.md",
				"services/payments/base/kustomization.yaml", "services/payments/overlays/staging/kustomization.yaml",
				"services/web/base/deployment.yaml")));
	}

	@Test
	void showsGitConnectedWithTheHeadCommitOfMain() {
		given(this.gitOps.status()).willReturn(Mono.just(new RepositoryStatus(true, "file:///srv/slipway/infra.git",
				true, "main", new CommitSummary("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b",
						"chore(platform): seed the default layout", "Slipway", COMMITTED),
				COMMITTED.plusSeconds(60), null, null)));

		String html = overview();

		assertThat(html).contains("<span class=\"badge badge-ok\">Connected</span>")
			.contains("<code title=\"file:///srv/slipway/infra.git\">infra.git</code>")
			.contains("embedded, in the data directory")
			.contains("title=\"1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b\">1a2b3c4</code>")
			.contains("chore(platform): seed the default layout")
			.contains("datetime=\"2026-11-22T09:30:00Z\">2026-11-22 09:30:00 UTC</time>")
			.contains("by Slipway")
			.contains("datetime=\"2026-11-22T09:31:00Z\">2026-11-22 09:31:00 UTC</time>");
	}

	@Test
	void showsTheSignedInUserWithRolesAndASignOutFormCarryingTheCsrfToken() {
		given(this.gitOps.status()).willReturn(Mono.just(connectedWithoutCommits()));

		String html = overview();

		assertThat(html).contains("<span class=\"user-name\">alice</span>")
			.containsPattern("<span class=\"role\">admin</span>\\s*<span class=\"role\">approver</span>")
			.containsPattern("<form class=\"signout\" action=\"/logout\" method=\"post\">"
					+ "<input type=\"hidden\" name=\"_csrf\" value=\"[^\"]+\"/>")
			.containsOnlyOnce("type=\"hidden\" name=\"_csrf\"")
			.contains("<a href=\"/\" hx-get=\"/\" aria-current=\"page\" class=\"active\">Overview</a>");
	}

	@Test
	void showsGitUnreachableWithTheLastError() {
		given(this.gitOps.status()).willReturn(Mono.just(new RepositoryStatus(false, "https://git.example/infra.git",
				false, "main", null, null, "error fetching from https://git.example/infra.git: connection refused",
				COMMITTED)));

		String html = overview();

		assertThat(html).contains("<span class=\"badge badge-error\">Unreachable</span>")
			.contains("error fetching from https://git.example/infra.git: connection refused")
			.contains("No commits on this branch yet.")
			.contains("<code>https://git.example/infra.git</code>")
			.doesNotContain("in the data directory");
	}

	@Test
	void showsArgoCdAndKubernetesAsNotConnectedWithTheReason() {
		given(this.gitOps.status()).willReturn(Mono.just(connectedWithoutCommits()));

		String html = overview();

		assertThat(html.split("<span class=\"badge badge-unknown\">Not connected</span>", -1)).hasSize(3);
		assertThat(html).contains("Argo CD client not configured: set slipway.argocd.url")
			.contains("Kubernetes access not configured");
	}

	@Test
	void countsServiceFoldersOnMainAndListsEnvironmentsInPromotionOrder() {
		given(this.gitOps.status()).willReturn(Mono.just(connectedWithoutCommits()));

		String html = overview();

		assertThat(html)
			.containsPattern("<p class=\"stat-value\">2</p>\\s*"
					+ "<p id=\"services-count-label\" class=\"stat-label\">Services in Git on main</p>")
			.containsPattern("<span class=\"step\">1</span>\\s*<span>staging</span>[\\s\\S]*"
					+ "<span class=\"step\">2</span>\\s*<span>production</span>")
			.contains("<code>goapps-production</code>")
			.containsPattern("<td>1</td>\\s*<td>24 h</td>")
			.containsPattern("<td>0</td>\\s*<td>None</td>");
	}

	@Test
	void showsWhyServicesCouldNotBeListed() {
		given(this.gitOps.status()).willReturn(Mono.just(connectedWithoutCommits()));
		given(this.gitOps.listFiles("main", "services"))
			.willReturn(Mono.error(new IllegalStateException("branch main does not exist")));

		assertThat(overview()).contains("error listing services/ on main: branch main does not exist");
	}

	private static RepositoryStatus connectedWithoutCommits() {
		return new RepositoryStatus(true, "file:///srv/infra.git", true, "main", null, null, null, null);
	}

	private String overview() {
		return this.client.mutateWith(mockUser("alice").roles("approver", "admin"))
			.get()
			.uri("/")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
