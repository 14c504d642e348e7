package io.slipway.platform;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * The configured environments in promotion order, with the infra rules' defaults filled in:
 * namespace {@code goapps-<env>}, Argo CD project {@code goapps}, one approval and 24 hours of
 * soak for production, none elsewhere. Invalid configuration fails the start with a message
 * naming the key, rather than surfacing later as a broken promotion.
 */
@Component
public class Environments {

	static final String PRODUCTION = "production";

	static final List<String> DEFAULT_PRODUCTION_CHECKLIST = List.of("Rollback plan documented", "Team notified",
			"Changelog reviewed");

	private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");

	private final List<Environment> ordered;

	Environments(PlatformProperties properties) {
		this.ordered = resolve(properties);
	}

	/** All environments, first to last in promotion order. */
	public List<Environment> all() {
		return this.ordered;
	}

	public Optional<Environment> find(String name) {
		return this.ordered.stream().filter(environment -> environment.name().equals(name)).findFirst();
	}

	/** The environment a release is promoted into from {@code name}, if any. */
	public Optional<Environment> next(String name) {
		for (int i = 0; i < this.ordered.size() - 1; i++) {
			if (this.ordered.get(i).name().equals(name)) {
				return Optional.of(this.ordered.get(i + 1));
			}
		}
		return Optional.empty();
	}

	/**
	 * The environments where acting on Argo CD directly (Refresh, Sync) is on-call's, not every
	 * developer's: the last in promotion order, which serves the users, and every environment whose
	 * promotions need an approval ({@code slipway.environments.<env>.approvals} above 0), which the
	 * team has declared worth a second pair of eyes. Keyed on configuration, never on a name: an order
	 * {@code dev, staging, prod} protects {@code prod}.
	 * @return those environments, in promotion order
	 */
	public List<Environment> protectedEnvironments() {
		Environment last = this.ordered.get(this.ordered.size() - 1);
		return this.ordered.stream().filter((environment) -> environment == last || environment.approvals() > 0).toList();
	}

	/** Distinct Argo CD projects across environments, in first-use order. */
	public List<String> argoCdProjects() {
		Set<String> projects = new LinkedHashSet<>();
		this.ordered.forEach(environment -> projects.add(environment.argoCdProject()));
		return List.copyOf(projects);
	}

	private static List<FreezeWindow> freezeWindows(String environment,
			List<PlatformProperties.FreezeWindowSettings> settings) {
		List<FreezeWindow> windows = new ArrayList<>();
		for (int i = 0; i < settings.size(); i++) {
			PlatformProperties.FreezeWindowSettings window = settings.get(i);
			String key = "slipway.environments." + environment + ".freeze-windows[" + i + "]";
			String reason = (window.reason() != null && !window.reason().isBlank()) ? window.reason().trim()
					: "Freeze window";
			ZoneId zone;
			try {
				zone = (window.timeZone() != null && !window.timeZone().isBlank()) ? ZoneId.of(window.timeZone().trim())
						: ZoneOffset.UTC;
			}
			catch (DateTimeException ex) {
				throw new IllegalStateException(key + ".time-zone: '" + window.timeZone() + "' is not a time zone");
			}
			boolean range = window.from() != null || window.to() != null;
			boolean weekly = window.weekly() != null;
			if (range == weekly) {
				throw new IllegalStateException(
						key + ": set either from and to (a date range) or weekly (a recurring slot)");
			}
			try {
				if (weekly) {
					windows.add(FreezeWindow.Weekly.parse(window.weekly(), zone, reason));
				}
				else {
					if (window.from() == null || window.to() == null) {
						throw new IllegalArgumentException("a date range needs both from and to");
					}
					windows.add(new FreezeWindow.DateRange(dateTime(window.from()), dateTime(window.to()), zone, reason));
				}
			}
			catch (IllegalArgumentException | DateTimeException ex) {
				throw new IllegalStateException(key + ": " + ex.getMessage());
			}
		}
		return windows;
	}

	private static LocalDateTime dateTime(String text) {
		String trimmed = text.trim();
		// a bare date means from its start
		return (trimmed.length() == 10) ? LocalDate.parse(trimmed).atStartOfDay() : LocalDateTime.parse(trimmed);
	}

	private static List<Environment> resolve(PlatformProperties properties) {
		List<Environment> environments = new ArrayList<>();
		Set<String> seen = new LinkedHashSet<>();
		for (String raw : properties.environmentOrder()) {
			String name = raw.trim();
			if (!DNS_LABEL.matcher(name).matches()) {
				throw new IllegalStateException("slipway.environment-order: '" + name
						+ "' is not a valid environment name (lower-case letters, digits and '-', starting with a letter)");
			}
			if (!seen.add(name)) {
				throw new IllegalStateException("slipway.environment-order: '" + name + "' is listed twice");
			}
			PlatformProperties.EnvironmentSettings settings = properties.environments().get(name);
			boolean production = PRODUCTION.equals(name);
			String namespace = (settings != null && settings.namespace() != null) ? settings.namespace()
					: "goapps-" + name;
			if (!DNS_LABEL.matcher(namespace).matches()) {
				throw new IllegalStateException("slipway.environments." + name + ".namespace: '" + namespace
						+ "' is not a valid Kubernetes namespace name");
			}
			String project = (settings != null && settings.argocdProject() != null) ? settings.argocdProject()
					: "goapps";
			int approvals = (settings != null && settings.approvals() != null) ? settings.approvals()
					: (production ? 1 : 0);
			if (approvals < 0) {
				throw new IllegalStateException("slipway.environments." + name + ".approvals must not be negative");
			}
			int soakHours = (settings != null && settings.soakHours() != null) ? settings.soakHours()
					: (production ? 24 : 0);
			if (soakHours < 0) {
				throw new IllegalStateException("slipway.environments." + name + ".soak-hours must not be negative");
			}
			List<String> checklist = (settings != null && settings.checklist() != null)
					? settings.checklist().stream().map(String::trim).filter(item -> !item.isEmpty()).toList()
					: (production ? DEFAULT_PRODUCTION_CHECKLIST : List.of());
			boolean autoMerge = settings == null || settings.autoMerge() == null || settings.autoMerge();
			String approverGroup = (settings != null && settings.approverGroup() != null
					&& !settings.approverGroup().isBlank()) ? settings.approverGroup().trim() : null;
			List<FreezeWindow> freezeWindows = freezeWindows(name,
					(settings != null && settings.freezeWindows() != null) ? settings.freezeWindows() : List.of());
			environments.add(new Environment(name, namespace, project, approvals, Duration.ofHours(soakHours),
					checklist, autoMerge, approverGroup, freezeWindows));
		}
		if (environments.isEmpty()) {
			throw new IllegalStateException("slipway.environment-order must name at least one environment");
		}
		for (String configured : properties.environments().keySet()) {
			if (!seen.contains(configured)) {
				throw new IllegalStateException("slipway.environments." + configured
						+ " configures an environment missing from slipway.environment-order " + seen);
			}
		}
		return List.copyOf(environments);
	}

}
