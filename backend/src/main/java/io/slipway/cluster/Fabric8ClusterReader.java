package io.slipway.cluster;

import java.net.URI;
import java.net.URL;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.jspecify.annotations.Nullable;

/**
 * The cluster module's reads through fabric8, blocking. Every fabric8 type stays in here (and in
 * the client provider), so the beans that start with the application never load fabric8's model;
 * this class is created only when a read happens.
 */
final class Fabric8ClusterReader {

	static final String VELERO_API_VERSION = "velero.io/v1";

	static final String VELERO_SCHEDULE_LABEL = "velero.io/schedule-name";

	private static final ResourceDefinitionContext VELERO_SCHEDULES = velero("Schedule", "schedules");

	private static final ResourceDefinitionContext VELERO_BACKUPS = velero("Backup", "backups");

	private final KubernetesClientProvider clients;

	Fabric8ClusterReader(KubernetesClientProvider clients) {
		this.clients = clients;
	}

	/**
	 * Asks the API server for its version.
	 * @param checkedAt when
	 * @return CONNECTED with the version, UNREACHABLE with the error, or NOT_CONNECTED with why
	 */
	ClusterConnectionStatus probe(Instant checkedAt) {
		KubernetesClient client;
		try {
			client = this.clients.client();
		}
		catch (KubernetesAccessMissing ex) {
			return ClusterConnectionStatus.notConnected(ex.getMessage(), checkedAt);
		}
		String url = apiServerUrl(client);
		try {
			VersionInfo version = client.getKubernetesVersion();
			return new ClusterConnectionStatus(ClusterConnectionStatus.State.CONNECTED, url, version(version),
					"API server answered", checkedAt);
		}
		catch (RuntimeException ex) {
			return new ClusterConnectionStatus(ClusterConnectionStatus.State.UNREACHABLE, url, null,
					"error reading the version of " + url + ": " + describe(ex), checkedAt);
		}
	}

	/**
	 * Reads the backup CronJobs with their Jobs, and Velero Schedules with their Backups when
	 * Velero is installed.
	 * @param settings which backups
	 * @return the backups found and notes on what could not be read but is optional
	 * @throws KubernetesAccessMissing when no access is configured
	 * @throws ClusterReadException when the CronJobs cannot be read
	 */
	Found backups(BackupProperties settings) {
		KubernetesClient client = this.clients.client();
		String url = apiServerUrl(client);
		List<ObservedBackup> backups = new ArrayList<>();
		List<String> notes = new ArrayList<>();
		String namespace = settings.namespace();
		List<CronJob> cronJobs;
		List<Job> jobs;
		try {
			ListOptionsBuilder options = new ListOptionsBuilder();
			if (settings.selector() != null) {
				options.withLabelSelector(settings.selector());
			}
			cronJobs = client.batch().v1().cronjobs().inNamespace(namespace).list(options.build()).getItems();
			jobs = cronJobs.isEmpty() ? List.of()
					: client.batch().v1().jobs().inNamespace(namespace).list().getItems();
		}
		catch (KubernetesClientException ex) {
			throw failure("CronJobs and Jobs", "batch", List.of("cronjobs", "jobs"), namespace, url, ex);
		}
		Map<String, List<Job>> jobsByCronJob = new HashMap<>();
		for (Job job : jobs) {
			String owner = owner(job.getMetadata(), "CronJob");
			if (owner != null) {
				jobsByCronJob.computeIfAbsent(owner, (key) -> new ArrayList<>()).add(job);
			}
		}
		for (CronJob cronJob : cronJobs) {
			backups.add(cronJob(cronJob, jobsByCronJob.getOrDefault(cronJob.getMetadata().getName(), List.of())));
		}
		try {
			if (client.supports(VELERO_API_VERSION, "Schedule")) {
				backups.addAll(velero(client, settings.veleroNamespace()));
			}
		}
		catch (KubernetesClientException ex) {
			// Velero is optional: its schedules missing from the report is a note, not a failure.
			notes.add(failure("Velero Schedules and Backups", "velero.io", List.of("schedules", "backups"),
					settings.veleroNamespace(), url, ex).getMessage());
		}
		return new Found(backups, notes);
	}

	private static ObservedBackup cronJob(CronJob cronJob, List<Job> jobs) {
		ObjectMeta metadata = cronJob.getMetadata();
		Instant lastSuccess = null;
		Instant lastFailure = null;
		String failureReason = null;
		Instant runningSince = null;
		if (cronJob.getStatus() != null) {
			lastSuccess = time(cronJob.getStatus().getLastSuccessfulTime());
		}
		for (Job job : jobs) {
			if (job.getStatus() == null) {
				continue;
			}
			for (JobCondition condition : Objects.requireNonNullElse(job.getStatus().getConditions(),
					List.<JobCondition>of())) {
				if (!"True".equals(condition.getStatus())) {
					continue;
				}
				if ("Complete".equals(condition.getType())) {
					Instant completed = time(job.getStatus().getCompletionTime());
					lastSuccess = latest(lastSuccess,
							(completed != null) ? completed : time(condition.getLastTransitionTime()));
				}
				else if ("Failed".equals(condition.getType())) {
					Instant failed = time(condition.getLastTransitionTime());
					if (failed == null) {
						failed = time(job.getStatus().getStartTime());
					}
					if (failed != null && (lastFailure == null || failed.isAfter(lastFailure))) {
						lastFailure = failed;
						failureReason = reason(job.getMetadata().getName(), condition.getReason(),
								condition.getMessage());
					}
				}
			}
			Integer active = job.getStatus().getActive();
			if (active != null && active > 0) {
				runningSince = latest(runningSince, time(job.getStatus().getStartTime()));
			}
		}
		boolean suspended = cronJob.getSpec() != null && Boolean.TRUE.equals(cronJob.getSpec().getSuspend());
		return new ObservedBackup(BackupReport.Kind.CRON_JOB, metadata.getNamespace(), metadata.getName(),
				(cronJob.getSpec() != null) ? cronJob.getSpec().getSchedule() : null,
				(cronJob.getSpec() != null) ? cronJob.getSpec().getTimeZone() : null,
				time(metadata.getCreationTimestamp()), lastSuccess, lastFailure, failureReason, suspended,
				runningSince);
	}

	private static List<ObservedBackup> velero(KubernetesClient client, String namespace) {
		List<GenericKubernetesResource> schedules = client.genericKubernetesResources(VELERO_SCHEDULES)
			.inNamespace(namespace)
			.list()
			.getItems();
		if (schedules.isEmpty()) {
			return List.of();
		}
		Map<String, List<GenericKubernetesResource>> backupsBySchedule = new HashMap<>();
		for (GenericKubernetesResource backup : client.genericKubernetesResources(VELERO_BACKUPS)
			.inNamespace(namespace)
			.list()
			.getItems()) {
			Map<String, String> labels = backup.getMetadata().getLabels();
			String schedule = (labels != null) ? labels.get(VELERO_SCHEDULE_LABEL) : null;
			if (schedule != null) {
				backupsBySchedule.computeIfAbsent(schedule, (key) -> new ArrayList<>()).add(backup);
			}
		}
		List<ObservedBackup> observed = new ArrayList<>();
		for (GenericKubernetesResource schedule : schedules) {
			observed.add(veleroSchedule(schedule,
					backupsBySchedule.getOrDefault(schedule.getMetadata().getName(), List.of())));
		}
		return observed;
	}

	private static ObservedBackup veleroSchedule(GenericKubernetesResource schedule,
			List<GenericKubernetesResource> backups) {
		Instant lastSuccess = null;
		Instant lastFailure = null;
		String failureReason = null;
		Instant runningSince = null;
		for (GenericKubernetesResource backup : backups) {
			String phase = string(backup.get("status", "phase"));
			Instant completed = time(string(backup.get("status", "completionTimestamp")));
			Instant started = time(string(backup.get("status", "startTimestamp")));
			Instant ended = (completed != null) ? completed
					: (started != null) ? started : time(backup.getMetadata().getCreationTimestamp());
			if ("Completed".equals(phase)) {
				lastSuccess = latest(lastSuccess, ended);
			}
			else if ("Failed".equals(phase) || "PartiallyFailed".equals(phase) || "FailedValidation".equals(phase)) {
				if (ended != null && (lastFailure == null || ended.isAfter(lastFailure))) {
					lastFailure = ended;
					String reason = string(backup.get("status", "failureReason"));
					Object errors = backup.get("status", "validationErrors");
					failureReason = reason(backup.getMetadata().getName(), phase,
							(reason != null) ? reason : (errors != null) ? errors.toString() : null);
				}
			}
			else if ("InProgress".equals(phase) || "WaitingForPluginOperations".equals(phase)
					|| "Finalizing".equals(phase)) {
				runningSince = latest(runningSince, started);
			}
		}
		ObjectMeta metadata = schedule.getMetadata();
		return new ObservedBackup(BackupReport.Kind.VELERO_SCHEDULE, metadata.getNamespace(), metadata.getName(),
				string(schedule.get("spec", "schedule")), null, time(metadata.getCreationTimestamp()), lastSuccess,
				lastFailure, failureReason, Boolean.TRUE.equals(schedule.get("spec", "paused")), runningSince);
	}

	private static @Nullable String owner(ObjectMeta metadata, String kind) {
		for (OwnerReference reference : Objects.requireNonNullElse(metadata.getOwnerReferences(),
				List.<OwnerReference>of())) {
			if (kind.equals(reference.getKind())) {
				return reference.getName();
			}
		}
		return null;
	}

	private static ClusterReadException failure(String what, String group, List<String> resources, String namespace,
			String url, KubernetesClientException ex) {
		int code = ex.getCode();
		String where = " in namespace " + namespace + " at " + url;
		if (code == 403) {
			String needed = String.join(" and ",
					resources.stream().map((resource) -> resource + "." + group).toList());
			return new ClusterReadException("forbidden to read " + what + where
					+ ": Slipway's account needs RBAC permission to get and list " + needed + " in namespace "
					+ namespace, code, ex);
		}
		if (code == 401) {
			return new ClusterReadException(
					"error reading " + what + where + ": the API server refused Slipway's credentials (401)", code, ex);
		}
		return new ClusterReadException("error reading " + what + where + ": " + describe(ex), code, ex);
	}

	static String describe(Throwable ex) {
		if (ex instanceof KubernetesClientException kubernetes && kubernetes.getCode() > 0) {
			String reason = (kubernetes.getStatus() != null && kubernetes.getStatus().getMessage() != null)
					? kubernetes.getStatus().getMessage() : "";
			return "HTTP " + kubernetes.getCode() + (reason.isEmpty() ? "" : " " + reason);
		}
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage();
		return root.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	/** The API server's address without credentials, query or fragment. */
	private static String apiServerUrl(KubernetesClient client) {
		URL master = client.getMasterUrl();
		try {
			URI uri = master.toURI();
			return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString()
				.replaceAll("/+$", "");
		}
		catch (Exception ex) {
			return master.getProtocol() + "://" + master.getHost();
		}
	}

	private static @Nullable String version(@Nullable VersionInfo version) {
		if (version == null) {
			return null;
		}
		if (version.getGitVersion() != null && !version.getGitVersion().isBlank()) {
			return version.getGitVersion();
		}
		return (version.getMajor() != null) ? "v" + version.getMajor() + "." + version.getMinor() : null;
	}

	private static String reason(String run, @Nullable String reason, @Nullable String message) {
		StringBuilder text = new StringBuilder(run);
		if (reason != null && !reason.isBlank()) {
			text.append(": ").append(reason);
		}
		if (message != null && !message.isBlank()) {
			text.append(" (").append(message.strip()).append(')');
		}
		return text.toString();
	}

	private static @Nullable String string(@Nullable Object value) {
		return (value != null) ? value.toString() : null;
	}

	private static @Nullable Instant time(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static @Nullable Instant latest(@Nullable Instant current, @Nullable Instant candidate) {
		if (candidate == null) {
			return current;
		}
		return (current == null || candidate.isAfter(current)) ? candidate : current;
	}

	private static ResourceDefinitionContext velero(String kind, String plural) {
		return new ResourceDefinitionContext.Builder().withGroup("velero.io")
			.withVersion("v1")
			.withKind(kind)
			.withPlural(plural)
			.withNamespaced(true)
			.build();
	}

	/**
	 * What a read found.
	 * @param backups each backup
	 * @param notes optional sources that could not be read (Velero forbidden, ...)
	 */
	record Found(List<ObservedBackup> backups, List<String> notes) {
	}

}
