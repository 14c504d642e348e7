package io.slipway.cluster;

import java.time.Duration;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which backups {@link BackupFreshness} judges ({@code slipway.backup.*}).
 *
 * @param namespace where the backup CronJobs live (the infra rules put them in {@code database})
 * @param selector a label selector narrowing the CronJobs ({@code app=postgres,tier in (db)});
 * {@code null} for every CronJob in the namespace
 * @param grace how late a run may finish beyond its scheduled time before the backup counts as
 * LATE
 * @param veleroNamespace where Velero keeps its {@code Schedule} and {@code Backup} objects, read
 * when Velero's CRDs exist
 * @param cacheTtl how long a report is reused, so a page of promotions asks the cluster once
 */
@ConfigurationProperties("slipway.backup")
record BackupProperties(@DefaultValue("database") String namespace, @Nullable String selector,
		@DefaultValue("PT2H") Duration grace, @DefaultValue("velero") String veleroNamespace,
		@DefaultValue("30s") Duration cacheTtl) {

	private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

	BackupProperties {
		namespace = namespace.strip();
		veleroNamespace = veleroNamespace.strip();
		selector = (selector == null || selector.isBlank()) ? null : selector.strip();
		if (!DNS_LABEL.matcher(namespace).matches()) {
			throw new IllegalArgumentException("slipway.backup.namespace must be a namespace name, was '" + namespace + "'");
		}
		if (!DNS_LABEL.matcher(veleroNamespace).matches()) {
			throw new IllegalArgumentException(
					"slipway.backup.velero-namespace must be a namespace name, was '" + veleroNamespace + "'");
		}
		if (grace.isNegative()) {
			throw new IllegalArgumentException("slipway.backup.grace must not be negative, was " + grace);
		}
		if (cacheTtl.isNegative()) {
			throw new IllegalArgumentException("slipway.backup.cache-ttl must not be negative, was " + cacheTtl);
		}
	}

	static BackupProperties defaults() {
		return new BackupProperties("database", null, Duration.ofHours(2), "velero", Duration.ofSeconds(30));
	}

	BackupProperties withSelector(@Nullable String selector) {
		return new BackupProperties(this.namespace, selector, this.grace, this.veleroNamespace, this.cacheTtl);
	}

	/** How the selector reads in messages: "app=postgres" or "any labels". */
	String selectorDescription() {
		return (this.selector != null) ? this.selector : "any labels";
	}

}
