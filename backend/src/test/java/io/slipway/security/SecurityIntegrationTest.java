package io.slipway.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;

/**
 * The running application on a random port, with one configured user per role (HTTP Basic,
 * {@code {noop}} passwords equal to the user name + {@code -pw}), a user with a bcrypt password
 * and one whose only role is unknown. Every class using it shares one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "slipway.data-dir=target/test-data/security-${random.uuid}",
				"spring.datasource.url=jdbc:h2:mem:security-${random.uuid};DB_CLOSE_DELAY=-1",
				"slipway.security.users[0].name=viewer", "slipway.security.users[0].password={noop}viewer-pw",
				"slipway.security.users[0].roles=viewer",
				"slipway.security.users[1].name=developer", "slipway.security.users[1].password={noop}developer-pw",
				"slipway.security.users[1].roles=developer",
				"slipway.security.users[2].name=approver", "slipway.security.users[2].password={noop}approver-pw",
				"slipway.security.users[2].roles=approver",
				"slipway.security.users[3].name=oncall", "slipway.security.users[3].password={noop}oncall-pw",
				"slipway.security.users[3].roles=oncall",
				"slipway.security.users[4].name=admin", "slipway.security.users[4].password={noop}admin-pw",
				"slipway.security.users[4].roles=admin",
				"slipway.security.users[5].name=nobody", "slipway.security.users[5].password={noop}nobody-pw",
				"slipway.security.users[5].roles=guest",
				// Password "bcrypt-secret", cost 4 to keep the tests quick.
				"slipway.security.users[6].name=hashed",
				"slipway.security.users[6].password={bcrypt}$2a$04$4/QRhJa3NY0EPQpEmkdZF.dV8g62HmCIC/h1NHzIr6wPFxiCsBoJS",
				"slipway.security.users[6].roles=developer, approver" })
@AutoConfigureWebTestClient(timeout = "30s")
@Import(RecordedAuditEvents.class)
@interface SecurityIntegrationTest {

}
