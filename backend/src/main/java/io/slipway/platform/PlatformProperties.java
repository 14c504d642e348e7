package io.slipway.platform;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The keys under {@code slipway.*} that describe environments. Anything left unset falls back to
 * the defaults of the infra rules (see {@link Environments}).
 *
 * @param environmentOrder environments in promotion order
 * @param environments per-environment overrides, keyed by environment name
 */
@ConfigurationProperties("slipway")
record PlatformProperties(@DefaultValue({ "staging", "production" }) List<String> environmentOrder,
		@DefaultValue Map<String, EnvironmentSettings> environments) {

	/** Overrides for one environment; {@code null} means "use the default". */
	record EnvironmentSettings(@Nullable String namespace, @Nullable String argocdProject, @Nullable Integer approvals,
			@Nullable Integer soakHours, @Nullable List<String> checklist, @Nullable Boolean autoMerge,
			@Nullable String approverGroup, @Nullable List<FreezeWindowSettings> freezeWindows) {

		@ConstructorBinding
		EnvironmentSettings {
		}

		EnvironmentSettings(@Nullable String namespace, @Nullable String argocdProject, @Nullable Integer approvals,
				@Nullable Integer soakHours, @Nullable List<String> checklist, @Nullable Boolean autoMerge) {
			this(namespace, argocdProject, approvals, soakHours, checklist, autoMerge, null, null);
		}

	}

	/**
	 * One freeze window: either {@code from} and {@code to} (ISO local date-times, e.g.
	 * {@code 2026-12-20T00:00}) or {@code weekly} ({@code FRI 16:00 - MON 08:00}), in
	 * {@code time-zone} (default UTC), with a {@code reason}.
	 */
	record FreezeWindowSettings(@Nullable String from, @Nullable String to, @Nullable String weekly,
			@Nullable String timeZone, @Nullable String reason) {
	}

}
