package io.slipway.platform;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which environments are on-call's to act on in Argo CD follows configuration, never the name
 * {@code production}: the last in promotion order, and every one whose promotions need approval.
 */
class ProtectedEnvironmentsTests {

	@Test
	void theDefaultOrderProtectsProduction() {
		Environments environments = new Environments(new PlatformProperties(List.of("staging", "production"), Map.of()));

		assertThat(environments.protectedEnvironments()).extracting(Environment::name).containsExactly("production");
	}

	@Test
	void theLastEnvironmentIsProtectedWhateverItIsCalled() {
		Environments environments = new Environments(new PlatformProperties(List.of("dev", "staging", "prod"), Map.of()));

		assertThat(environments.protectedEnvironments()).extracting(Environment::name).containsExactly("prod");
	}

	@Test
	void anEnvironmentWhosePromotionsNeedApprovalIsProtectedToo() {
		Environments environments = new Environments(new PlatformProperties(List.of("dev", "staging", "prod"),
				Map.of("staging", new PlatformProperties.EnvironmentSettings(null, null, 1, null, null, null))));

		assertThat(environments.protectedEnvironments()).extracting(Environment::name)
			.containsExactly("staging", "prod");
	}

	@Test
	void aSingleEnvironmentIsProtected() {
		Environments environments = new Environments(new PlatformProperties(List.of("live"), Map.of()));

		assertThat(environments.protectedEnvironments()).extracting(Environment::name).containsExactly("live");
	}

}
