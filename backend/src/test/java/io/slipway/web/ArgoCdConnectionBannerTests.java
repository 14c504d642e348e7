package io.slipway.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.slipway.argocd.ArgoCdApplications;
import io.slipway.argocd.ArgoCdApplications.CacheState;
import io.slipway.argocd.ArgoCdApplications.Mode;
import io.slipway.argocd.ArgoCdConnection;
import io.slipway.argocd.ArgoCdConnectionStatus;
import io.slipway.cluster.ClusterConnection;
import io.slipway.cluster.ClusterConnectionStatus;
import io.slipway.gitops.GitOpsRepository;
import io.slipway.gitops.RepositoryStatus;
import io.slipway.platform.Environments;
import io.slipway.security.PermissionMatrix;
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

/**
 * The banner every page shows while Argo CD cannot be reached, rendered by the page shell from
 * the cache's state.
 */
@WebFluxTest(OverviewController.class)
@Import({ ConnectionStatuses.class, ServiceCatalog.class, PermissionMatrix.class })
class ArgoCdConnectionBannerTests {

	private static final Instant SINCE = Instant.parse("2026-11-22T09:59:15Z");

	@Autowired
	private WebTestClient client;

	@MockitoBean
	private ArgoCdApplications applications;

	@MockitoBean
	private GitOpsRepository gitOps;

	@MockitoBean
	private ArgoCdConnection argoCd;

	@MockitoBean
	private ClusterConnection cluster;

	@MockitoBean
	private Environments environments;

	@BeforeEach
	void overviewDependencies() {
		this.client = this.client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
		given(this.gitOps.mainBranch()).willReturn("main");
		given(this.gitOps.status())
			.willReturn(Mono.just(new RepositoryStatus(true, "file:///srv/infra.git", true, "main", null, null, null,
					null)));
		given(this.gitOps.listFiles("main", "services")).willReturn(Mono.just(List.of()));
		given(this.environments.all()).willReturn(List.of());
		given(this.argoCd.status()).willReturn(Mono.just(new ArgoCdConnectionStatus(
				ArgoCdConnectionStatus.State.UNREACHABLE, "https://argocd.example", null, "down", SINCE)));
		given(this.cluster.status())
			.willReturn(Mono.just(ClusterConnectionStatus.notConnected("Kubernetes access not configured", SINCE)));
	}

	@Test
	void showsSinceWhenArgoCdIsUnreachableAndHowOldTheShownStateIs() {
		given(this.applications.state()).willReturn(new CacheState(Mode.CONNECTING, SINCE.minusSeconds(15), SINCE,
				"error listing applications: Connection refused", 4));

		String html = overview();

		assertThat(html).contains("<div id=\"argocd-outage\" class=\"outage-banner\" role=\"alert\">")
			.contains("Argo CD unreachable since 2026-11-22 09:59:15 UTC.")
			.contains("Health and sync are shown as Argo CD last reported them, at 2026-11-22 09:59:00 UTC.")
			.contains("error listing applications: Connection refused");
	}

	@Test
	void saysSoWhenArgoCdWasNeverReached() {
		given(this.applications.state()).willReturn(new CacheState(Mode.CONNECTING, null, SINCE,
				"error listing applications: Connection refused", 0));

		assertThat(overview()).contains("Argo CD unreachable since 2026-11-22 09:59:15 UTC.")
			.contains("No application state from Argo CD yet.");
	}

	@Test
	void noBannerWhileArgoCdAnswersOrIsNotConfigured() {
		given(this.applications.state()).willReturn(new CacheState(Mode.STREAMING, SINCE, null, null, 4));
		assertThat(overview()).doesNotContain("outage-banner");

		given(this.applications.state()).willReturn(new CacheState(Mode.NOT_CONFIGURED, null, null, null, 0));
		assertThat(overview()).doesNotContain("outage-banner");
	}

	private String overview() {
		return this.client.mutateWith(mockUser("alice").roles("viewer"))
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
