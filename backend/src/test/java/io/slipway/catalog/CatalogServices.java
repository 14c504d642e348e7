package io.slipway.catalog;

import java.time.Duration;
import java.time.Instant;

import io.slipway.gitops.CommitRequest;
import io.slipway.gitops.GitOpsRepository;

/**
 * The services the catalog's tests read, committed to the embedded infra repository once per
 * context: {@code payments} in staging and production (staging promoted from 1.3.0 to 1.4.0 in
 * a second commit) and {@code storefront} in staging only. Keeps the commit ids, which Argo CD's
 * history in the tests refers to.
 */
class CatalogServices {

	static final Instant FIRST_SYNC = Instant.parse("2026-11-20T08:00:00Z");

	static final Instant SECOND_SYNC = Instant.parse("2026-11-21T09:30:00Z");

	final String added;

	final String promoted;

	CatalogServices(GitOpsRepository gitOps) {
		this.added = gitOps
			.commit(CommitRequest.builder("feat(payments): add deployment configuration")
				.author("Dana Developer", "dana@example.com")
				.actor("dana")
				.put("services/payments/base/kustomization.yaml", "resources: [deployment.yaml]\n")
				.put("services/payments/overlays/staging/kustomization.yaml", overlay("payments", "1.3.0"))
				.put("services/payments/overlays/production/kustomization.yaml", overlay("payments", "1.3.0"))
				.put("services/storefront/base/kustomization.yaml", "resources: [deployment.yaml]\n")
				.put("services/storefront/overlays/staging/kustomization.yaml", overlay("storefront", "2.0.0"))
				.build())
			.block(Duration.ofSeconds(60))
			.commitId();
		this.promoted = gitOps
			.commit(CommitRequest.builder("chore(payments): promote 1.4.0 to staging")
				.author("Dana Developer", "dana@example.com")
				.actor("dana")
				.put("services/payments/overlays/staging/kustomization.yaml", overlay("payments", "1.4.0"))
				.build())
			.block(Duration.ofSeconds(60))
			.commitId();
	}

	static String overlay(String service, String tag) {
		return """
				resources:
				  - ../../base
				images:
				  - name: registry.example/goapps/%s
				    newTag: %s
				""".formatted(service, tag);
	}

}
