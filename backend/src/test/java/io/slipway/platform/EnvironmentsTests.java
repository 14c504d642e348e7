package io.slipway.platform;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class EnvironmentsTests {

	@Test
	void defaultsFollowTheInfraRules() {
		Environments environments = new Environments(new PlatformProperties(List.of("staging", "production"), Map.of()));

		Environment staging = environments.find("staging").orElseThrow();
		Environment production = environments.find("production").orElseThrow();
		assertThat(staging.namespace()).isEqualTo("goapps-staging");
		assertThat(staging.argoCdProject()).isEqualTo("goapps");
		assertThat(staging.approvals()).isZero();
		assertThat(staging.soak()).isEqualTo(Duration.ZERO);
		assertThat(staging.checklist()).isEmpty();
		assertThat(production.approvals()).isEqualTo(1);
		assertThat(production.soak()).isEqualTo(Duration.ofHours(24));
		assertThat(production.checklist()).containsExactly("Rollback plan documented", "Team notified",
				"Changelog reviewed");
		assertThat(production.autoMerge()).isTrue();
		assertThat(production.applicationName("payments")).isEqualTo("payments-production");
	}

	@Test
	void promotionOrderFollowsConfiguration() {
		Environments environments = new Environments(
				new PlatformProperties(List.of("dev", " staging", "production"), Map.of()));

		assertThat(environments.all()).extracting(Environment::name).containsExactly("dev", "staging", "production");
		assertThat(environments.next("dev")).map(Environment::name).hasValue("staging");
		assertThat(environments.next("staging")).map(Environment::name).hasValue("production");
		assertThat(environments.next("production")).isEmpty();
		assertThat(environments.next("unknown")).isEmpty();
	}

	@Test
	void overridesReplaceDefaultsPerEnvironment() {
		var production = new PlatformProperties.EnvironmentSettings("prod", "critical", 2, 48,
				List.of("Rollback plan documented", " ", "CAB ticket"), false);
		var staging = new PlatformProperties.EnvironmentSettings(null, "sandbox", null, null, null, null);
		Environments environments = new Environments(new PlatformProperties(List.of("staging", "production"),
				Map.of("production", production, "staging", staging)));

		Environment resolved = environments.find("production").orElseThrow();
		assertThat(resolved.namespace()).isEqualTo("prod");
		assertThat(resolved.argoCdProject()).isEqualTo("critical");
		assertThat(resolved.approvals()).isEqualTo(2);
		assertThat(resolved.soak()).isEqualTo(Duration.ofHours(48));
		assertThat(resolved.checklist()).containsExactly("Rollback plan documented", "CAB ticket");
		assertThat(resolved.autoMerge()).isFalse();
		assertThat(environments.find("staging").orElseThrow().namespace()).isEqualTo("goapps-staging");
		assertThat(environments.argoCdProjects()).containsExactly("sandbox", "critical");
	}

	@Test
	void invalidConfigurationFailsNamingTheKey() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new Environments(new PlatformProperties(List.of("Staging"), Map.of())))
			.withMessageContaining("slipway.environment-order")
			.withMessageContaining("'Staging'");
		assertThatIllegalStateException()
			.isThrownBy(() -> new Environments(new PlatformProperties(List.of("staging", "staging"), Map.of())))
			.withMessageContaining("listed twice");
		assertThatIllegalStateException()
			.isThrownBy(() -> new Environments(new PlatformProperties(List.of("staging"),
					Map.of("prod", new PlatformProperties.EnvironmentSettings(null, null, null, null, null, null)))))
			.withMessageContaining("slipway.environments.prod");
		assertThatIllegalStateException()
			.isThrownBy(() -> new Environments(new PlatformProperties(List.of("staging"),
					Map.of("staging", new PlatformProperties.EnvironmentSettings("Bad_NS", null, null, null, null, null)))))
			.withMessageContaining("slipway.environments.staging.namespace");
		assertThatIllegalStateException()
			.isThrownBy(() -> new Environments(new PlatformProperties(List.of(), Map.of())))
			.withMessageContaining("at least one environment");
	}

}
