package io.slipway.onboarding;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The platform's conventions every rendered service follows ({@code slipway.platform.*}), with
 * the infra rules' values as defaults. They reach template packs as the {@code platform} values
 * and are substituted as YAML scalars like every other value; they are still checked at start so
 * a typo stops Slipway instead of producing manifests Kubernetes refuses.
 *
 * @param partOf the {@code app.kubernetes.io/part-of} label of every resource
 * @param argocdNamespace where Argo CD's Applications live
 * @param databaseNamespace where PostgreSQL, PgBouncer and Redis run (NetworkPolicy egress)
 * @param pgbouncerHost the {@code DATABASE_HOST} services get when they depend on postgres
 * @param redisHost the {@code REDIS_HOST} services get when they depend on redis
 * @param ingressNamespace the namespace allowed in by each service's NetworkPolicy
 * @param imagePullSecret the pull secret of every Deployment; blank for none
 */
@ConfigurationProperties("slipway.platform")
record PlatformConventions(@DefaultValue("goapps") String partOf, @DefaultValue("argocd") String argocdNamespace,
		@DefaultValue("database") String databaseNamespace,
		@DefaultValue("pgbouncer.database.svc.cluster.local") String pgbouncerHost,
		@DefaultValue("redis.database.svc.cluster.local") String redisHost,
		@DefaultValue("ingress-nginx") String ingressNamespace,
		@DefaultValue("ghcr-secret") @Nullable String imagePullSecret) {

	private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

	private static final Pattern DNS_NAME = Pattern
		.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");

	static final PlatformConventions DEFAULTS = new PlatformConventions("goapps", "argocd", "database",
			"pgbouncer.database.svc.cluster.local", "redis.database.svc.cluster.local", "ingress-nginx", "ghcr-secret");

	PlatformConventions {
		label("part-of", partOf);
		label("argocd-namespace", argocdNamespace);
		label("database-namespace", databaseNamespace);
		label("ingress-namespace", ingressNamespace);
		name("pgbouncer-host", pgbouncerHost);
		name("redis-host", redisHost);
		imagePullSecret = (imagePullSecret == null || imagePullSecret.isBlank()) ? null : imagePullSecret.strip();
		if (imagePullSecret != null) {
			name("image-pull-secret", imagePullSecret);
		}
	}

	private static void label(String key, String value) {
		if (!DNS_LABEL.matcher(value).matches()) {
			throw new IllegalArgumentException(
					"slipway.platform." + key + " must be a DNS label (lower-case letters, digits, '-'), was '" + value + "'");
		}
	}

	private static void name(String key, String value) {
		if (!DNS_NAME.matcher(value).matches()) {
			throw new IllegalArgumentException("slipway.platform." + key + " must be a DNS name, was '" + value + "'");
		}
	}

}
