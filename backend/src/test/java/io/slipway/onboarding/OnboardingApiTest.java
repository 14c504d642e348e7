package io.slipway.onboarding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

/**
 * The running application on a random port, in change-request mode without a forge, with its
 * embedded infra repository (a real bare repository in a fresh data directory, seeded at start),
 * an in-memory H2 database, production images only from {@code ghcr.io/acme}, and these users
 * (HTTP Basic, password = name + {@code -pw}): {@code dave} (developer), {@code bob} (approver),
 * {@code victor} (viewer). Classes using it share one context, so each test onboards a service of
 * its own name.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "slipway.data-dir=target/test-data/onboarding-api-${random.uuid}",
				"spring.datasource.url=jdbc:h2:mem:onboarding-api-${random.uuid};DB_CLOSE_DELAY=-1",
				"slipway.onboarding.trusted-registries=ghcr.io/acme",
				"slipway.security.users[0].name=dave", "slipway.security.users[0].password={noop}dave-pw",
				"slipway.security.users[0].roles=developer",
				"slipway.security.users[1].name=bob", "slipway.security.users[1].password={noop}bob-pw",
				"slipway.security.users[1].roles=approver",
				"slipway.security.users[2].name=victor", "slipway.security.users[2].password={noop}victor-pw",
				"slipway.security.users[2].roles=viewer" })
@AutoConfigureWebTestClient(timeout = "30s")
@interface OnboardingApiTest {

}
