package io.slipway.catalog;

import io.slipway.gitops.GitOpsRepository;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Argo CD as the catalog's tests set it, preferred over whatever the Argo CD module provides, and
 * the services the tests read in Git.
 */
@TestConfiguration(proxyBeanMethods = false)
class CatalogTestConfiguration {

	@Bean
	@Primary
	InMemoryArgoCdApplications inMemoryArgoCdApplications() {
		return new InMemoryArgoCdApplications();
	}

	@Bean
	@Primary
	StubArgoCdClient stubArgoCdClient(InMemoryArgoCdApplications applications) {
		return new StubArgoCdClient(applications);
	}

	@Bean
	CatalogServices catalogServices(GitOpsRepository gitOps) {
		return new CatalogServices(gitOps);
	}

}
