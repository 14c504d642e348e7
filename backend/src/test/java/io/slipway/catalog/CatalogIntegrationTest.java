package io.slipway.catalog;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;

/**
 * The running application on a random port with the catalog's services in Git
 * ({@link CatalogServices}) and Argo CD as the test sets it ({@link InMemoryArgoCdApplications},
 * {@link StubArgoCdClient}). Users {@code viewer}, {@code developer}, {@code oncall} and
 * {@code admin}, password the name + {@code -pw}. Every class using it shares one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "slipway.data-dir=target/test-data/catalog-${random.uuid}",
				"spring.datasource.url=jdbc:h2:mem:catalog-${random.uuid};DB_CLOSE_DELAY=-1",
				"slipway.argocd.ui-url=https://argocd.example", "slipway.git.mode=direct",
				"slipway.security.users[0].name=viewer", "slipway.security.users[0].password={noop}viewer-pw",
				"slipway.security.users[0].roles=viewer", "slipway.security.users[1].name=developer",
				"slipway.security.users[1].password={noop}developer-pw", "slipway.security.users[1].roles=developer",
				"slipway.security.users[2].name=oncall", "slipway.security.users[2].password={noop}oncall-pw",
				"slipway.security.users[2].roles=oncall", "slipway.security.users[3].name=admin",
				"slipway.security.users[3].password={noop}admin-pw", "slipway.security.users[3].roles=admin" })
@AutoConfigureWebTestClient(timeout = "30s")
@Import(CatalogTestConfiguration.class)
@interface CatalogIntegrationTest {

}
