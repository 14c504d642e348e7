package io.slipway.web;

import io.slipway.security.PermissionMatrix;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.slipway.gitops.GitOpsRepository;
import io.slipway.gitops.UnknownRefException;
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

@WebFluxTest(ServiceListController.class)
@Import({ ServiceCatalog.class, PermissionMatrix.class })
class ServiceListControllerTests {

	@Autowired
	private WebTestClient client;

	@MockitoBean
	private GitOpsRepository gitOps;

	@MockitoBean
	private Environments environments;

	@BeforeEach
	void signedIn() {
		this.client = this.client.mutate()
			.responseTimeout(Duration.ofSeconds(30))
			.apply(mockUser("alice").roles("viewer"))
			.build();
		given(this.gitOps.mainBranch()).willReturn("main");
		given(this.environments.all()).willReturn(Stream.of("dev", "staging", "production")
			.map((name) -> new Environment(name, "goapps-" + name, "goapps", 0, Duration.ZERO, List.of(), true))
			.toList());
	}

	@Test
	void listsEachServiceFolderOnceWithItsOverlaysInPromotionOrder() {
		given(this.gitOps.listFiles("main", "services")).willReturn(Mono.just(List.of(
				"services/web/base/kustomization.yaml", "services/payments/overlays/production/kustomization.yaml",
				"services/payments/overlays/production/patches/replicas.yaml",
				"services/payments/overlays/staging/kustomization.yaml", "services/payments/overlays/dev/kustomization.yaml",
				"services/payments/overlays/preview/kustomization.yaml", "services/payments/base/deployment.yaml",
				"services/README.md")));

		String html = services();

		assertThat(html).containsPattern("<th scope=\"row\">payments</th>[\\s\\S]*<th scope=\"row\">web</th>")
			.containsOnlyOnce("<th scope=\"row\">payments</th>")
			.doesNotContain("README")
			.containsPattern("<code>dev</code></li>\\s*<li><code>staging</code></li>\\s*<li><code>production</code></li>"
					+ "\\s*<li><code>preview</code></li>")
			.contains("<code>services/payments/</code>")
			.contains("No overlays")
			.contains("Live health and sync status from Argo CD appear here once Argo CD is connected.");
	}

	@Test
	void saysSoWhenGitDeclaresNoService() {
		given(this.gitOps.listFiles("main", "services")).willReturn(Mono.just(List.of("services/README.md")));

		assertThat(services()).contains("No services in Git yet.").doesNotContain("<table");
	}

	@Test
	void treatsAMainBranchWithoutCommitsAsDeclaringNoService() {
		given(this.gitOps.listFiles("main", "services"))
			.willReturn(Mono.error(new UnknownRefException("no branch or commit main in the infra repository")));

		assertThat(services()).contains("No services in Git yet.").doesNotContain("no branch or commit");
	}

	@Test
	void showsWhyServicesCouldNotBeListed() {
		given(this.gitOps.listFiles("main", "services"))
			.willReturn(Mono.error(new IllegalStateException("error reading refs/heads/main: not found")));

		assertThat(services()).contains("error listing services/ on main: error reading refs/heads/main: not found")
			.doesNotContain("No services in Git yet.");
	}

	private String services() {
		return this.client.get()
			.uri("/services")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
