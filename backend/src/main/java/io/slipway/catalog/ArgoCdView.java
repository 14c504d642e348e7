package io.slipway.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.slipway.argocd.Application;
import io.slipway.argocd.ApplicationStatus;
import io.slipway.argocd.OperationState;
import io.slipway.argocd.RevisionHistory;
import io.slipway.argocd.SyncStatus;
import org.jspecify.annotations.Nullable;

/**
 * What Argo CD reports for one service in one environment.
 *
 * @param application the application's name
 * @param project its Argo CD project
 * @param namespace the namespace the Application object lives in (Argo CD's), for links to its UI
 * @param found whether Argo CD knows the application
 * @param syncStatus {@code Synced}, {@code OutOfSync} or {@code Unknown}
 * @param revision the revision Argo CD last compared with
 * @param healthStatus {@code Healthy}, {@code Progressing}, {@code Degraded}, {@code Suspended},
 * {@code Missing} or {@code Unknown}
 * @param healthMessage why, when Argo CD says
 * @param images every image of the live pods ({@code status.summary.images})
 * @param serviceImages those of the service itself (its name is the image's last path segment),
 * or all of them when none is
 * @param liveTag the tag the service's pods run, the declared one when one of them does
 * @param lastSyncAt when the last operation finished, else when the last sync was recorded
 * @param operation the last operation
 * @param busy whether an operation is requested or running
 * @param autoSync whether Argo CD syncs by itself
 */
record ArgoCdView(String application, String project, @Nullable String namespace, boolean found,
		@Nullable String syncStatus, @Nullable String revision, @Nullable String healthStatus,
		@Nullable String healthMessage, List<String> images, List<String> serviceImages, @Nullable String liveTag,
		@Nullable Instant lastSyncAt, @Nullable OperationState operation, boolean busy, boolean autoSync) {

	static ArgoCdView missing(String application, String project) {
		return new ArgoCdView(application, project, null, false, null, null, null, null, List.of(), List.of(), null,
				null, null, false, false);
	}

	static ArgoCdView of(Application app, String service, String defaultProject, @Nullable String declaredTag) {
		ApplicationStatus status = app.status();
		SyncStatus sync = (status != null) ? status.sync() : null;
		List<String> images = (status != null && status.summary() != null) ? status.summary().images() : List.of();
		List<String> serviceImages = images.stream().filter((image) -> service.equals(repositoryName(image))).toList();
		if (serviceImages.isEmpty()) {
			serviceImages = images;
		}
		String liveTag = null;
		for (String image : serviceImages) {
			String tag = tag(image);
			if (tag != null && tag.equals(declaredTag)) {
				liveTag = tag;
				break;
			}
			if (liveTag == null) {
				liveTag = tag;
			}
		}
		OperationState operation = (status != null) ? status.operationState() : null;
		Instant lastSync = (operation != null) ? operation.finishedAt() : null;
		if (lastSync == null && status != null && !status.history().isEmpty()) {
			RevisionHistory last = status.history().get(status.history().size() - 1);
			lastSync = last.deployedAt();
		}
		String project = (app.spec() != null && app.spec().project() != null) ? app.spec().project() : defaultProject;
		return new ArgoCdView(app.name(), project, app.metadata().namespace(), true, app.syncStatus(),
				(sync != null) ? sync.revision() : null, app.healthStatus(),
				(status != null && status.health() != null) ? status.health().message() : null, images,
				serviceImages, liveTag, lastSync, operation, app.isBusy(),
				app.spec() != null && app.spec().isAutomatedSyncEnabled());
	}

	/**
	 * @return the tags of the service's live images, in Argo CD's order, for a rollout that runs two
	 */
	public List<String> liveTags() {
		List<String> tags = new ArrayList<>();
		for (String image : this.serviceImages) {
			String tag = tag(image);
			if (tag != null && !tags.contains(tag)) {
				tags.add(tag);
			}
		}
		return tags;
	}

	public boolean runsTag(String tag) {
		return this.serviceImages.stream().anyMatch((image) -> tag.equals(tag(image)));
	}

	public String abbreviatedRevision() {
		return (this.revision != null) ? this.revision.substring(0, Math.min(7, this.revision.length())) : "";
	}

	/** Badge tone of the sync status. */
	public String syncTone() {
		return switch (String.valueOf(this.syncStatus)) {
			case "Synced" -> "ok";
			case "OutOfSync" -> "warn";
			default -> "unknown";
		};
	}

	/** Badge tone of the health status. */
	public String healthTone() {
		return healthTone(this.healthStatus);
	}

	static String healthTone(@Nullable String health) {
		return switch (String.valueOf(health)) {
			case "Healthy" -> "ok";
			case "Progressing" -> "progress";
			case "Degraded" -> "error";
			case "Suspended" -> "paused";
			case "Missing" -> "warn";
			default -> "unknown";
		};
	}

	/** Badge tone of the last operation's phase. */
	public String operationTone() {
		return phaseTone((this.operation != null) ? this.operation.phase() : null);
	}

	/** Badge tone of an operation phase. */
	static String phaseTone(@Nullable String phase) {
		return switch (String.valueOf(phase)) {
			case "Succeeded" -> "ok";
			case "Running", "Terminating" -> "progress";
			case "Failed", "Error" -> "error";
			default -> "unknown";
		};
	}

	/**
	 * The repository's last path segment: {@code payments} of {@code ghcr.io/acme/payments:1.4.0}.
	 */
	static String repositoryName(String image) {
		String repository = repository(image);
		return repository.substring(repository.lastIndexOf('/') + 1);
	}

	static String repository(String image) {
		String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
		int colon = name.lastIndexOf(':');
		return (colon > name.lastIndexOf('/')) ? name.substring(0, colon) : name;
	}

	/**
	 * @return the tag of an image reference, {@code null} for one pinned only by digest or without
	 * a tag
	 */
	static @Nullable String tag(String image) {
		String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
		int colon = name.lastIndexOf(':');
		return (colon > name.lastIndexOf('/')) ? name.substring(colon + 1) : null;
	}

}
