package io.slipway.onboarding;

import java.util.List;

import io.slipway.onboarding.TemplatePackManagement.PackVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which recorded versions count as behind a pack, and which recorded files an upgrade may delete.
 */
class TemplatePackVersionTests {

	@Test
	void versionsOrderBySemanticVersionPrecedenceNotAsText() {
		List<String> ordered = List.of("0.9.9", "1.0.0-rc.1", "1.0.0-rc.2", "1.0.0", "1.2.0", "1.10.0", "2.0.0");
		for (int i = 0; i + 1 < ordered.size(); i++) {
			assertThat(version(ordered.get(i))).as("%s < %s", ordered.get(i), ordered.get(i + 1))
				.isLessThan(version(ordered.get(i + 1)));
		}
		assertThat(version("1.1.0").compareTo(version("1.1.0"))).isZero();
	}

	@Test
	void onlySemanticVersionsAreVersions() {
		assertThat(PackVersion.parse("1.0")).isEmpty();
		assertThat(PackVersion.parse("v1.0.0")).isEmpty();
		assertThat(PackVersion.parse("1.0.0 ")).isEmpty();
		assertThat(PackVersion.parse("1.0.0-")).isEmpty();
		assertThat(PackVersion.parse("1.0.0-beta.1")).isPresent();
	}

	@Test
	void anUpgradeDeletesOnlyFilesThatBelongToTheService() {
		assertThat(TemplatePackManagement.ownedBy("services/payments/overlays/staging/patches/replicas.yaml",
				"payments")).isTrue();
		assertThat(TemplatePackManagement.ownedBy("packages/payments/k8s/base/hpa.yaml", "payments")).isTrue();
		assertThat(TemplatePackManagement.ownedBy("argocd/apps/staging/payments.yaml", "payments")).isTrue();

		assertThat(TemplatePackManagement.ownedBy("argocd/projects/goapps.yaml", "payments")).isFalse();
		assertThat(TemplatePackManagement.ownedBy("argocd/apps/staging/payments-api.yaml", "payments")).isFalse();
		assertThat(TemplatePackManagement.ownedBy("argocd/apps/staging/payments.old.yaml", "payments")).isFalse();
		assertThat(TemplatePackManagement.ownedBy("services/payments/../billing/base/hpa.yaml", "payments")).isFalse();
		assertThat(TemplatePackManagement.ownedBy("services/payments", "payments")).isFalse();
		assertThat(TemplatePackManagement.ownedBy("/services/payments/base/hpa.yaml", "payments")).isFalse();
	}

	private static PackVersion version(String text) {
		return PackVersion.parse(text).orElseThrow();
	}

}
