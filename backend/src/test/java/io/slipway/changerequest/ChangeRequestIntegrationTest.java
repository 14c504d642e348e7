package io.slipway.changerequest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;

/**
 * The running application on a random port with its embedded infra repository (a real bare
 * repository in a fresh data directory, seeded at start), an in-memory H2 database and these
 * users (HTTP Basic, password = name + {@code -pw}): {@code dave} (developer), {@code erin}
 * (developer and approver), {@code bob} and {@code carol} (approvers), {@code victor} (viewer).
 * Every class using it shares one context, so tests use branches of their own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "slipway.data-dir=target/test-data/changerequest-${random.uuid}",
				"spring.datasource.url=jdbc:h2:mem:changerequest-${random.uuid};DB_CLOSE_DELAY=-1",
				"slipway.security.users[0].name=dave", "slipway.security.users[0].password={noop}dave-pw",
				"slipway.security.users[0].roles=developer",
				"slipway.security.users[1].name=erin", "slipway.security.users[1].password={noop}erin-pw",
				"slipway.security.users[1].roles=developer,approver",
				"slipway.security.users[2].name=bob", "slipway.security.users[2].password={noop}bob-pw",
				"slipway.security.users[2].roles=approver",
				"slipway.security.users[3].name=carol", "slipway.security.users[3].password={noop}carol-pw",
				"slipway.security.users[3].roles=approver",
				"slipway.security.users[4].name=victor", "slipway.security.users[4].password={noop}victor-pw",
				"slipway.security.users[4].roles=viewer" })
@AutoConfigureWebTestClient(timeout = "30s")
@Import({ RecordedEvents.class, InfraBranches.class })
@interface ChangeRequestIntegrationTest {

}
