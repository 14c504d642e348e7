package io.slipway.cluster;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.jspecify.annotations.Nullable;

/**
 * Backup objects as the cluster holds them, written into fabric8's mock API server through the
 * real client (the CronJob controller and Velero would write them in a cluster).
 */
final class ClusterFixtures {

	static final String NAMESPACE = "database";

	static final String VELERO = "velero";

	private static final ResourceDefinitionContext SCHEDULES = new ResourceDefinitionContext.Builder()
		.withGroup("velero.io").withVersion("v1").withKind("Schedule").withPlural("schedules").withNamespaced(true)
		.build();

	private static final ResourceDefinitionContext BACKUPS = new ResourceDefinitionContext.Builder()
		.withGroup("velero.io").withVersion("v1").withKind("Backup").withPlural("backups").withNamespaced(true)
		.build();

	private final KubernetesClient client;

	ClusterFixtures(KubernetesClient client) {
		this.client = client;
	}

	/** A CronJob; {@code lastSuccessfulTime} as the controller records it, {@code null} for never. */
	CronJob cronJob(String name, String schedule, Map<String, String> labels, @Nullable String lastSuccessfulTime) {
		CronJob created = this.client.batch().v1().cronjobs().inNamespace(NAMESPACE)
			.resource(new CronJobBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
				.withNewSpec().withSchedule(schedule)
				.withNewJobTemplate().withNewSpec().withNewTemplate().withNewSpec()
				.addNewContainer().withName("backup").withImage("postgres:16").endContainer()
				.withRestartPolicy("OnFailure").endSpec().endTemplate().endSpec().endJobTemplate()
				.endSpec()
				.build())
			.create();
		if (lastSuccessfulTime == null) {
			return created;
		}
		CronJob withStatus = new CronJobBuilder(created).withNewStatus()
			.withLastScheduleTime(lastSuccessfulTime)
			.withLastSuccessfulTime(lastSuccessfulTime)
			.endStatus()
			.build();
		return this.client.batch().v1().cronjobs().inNamespace(NAMESPACE).resource(withStatus).updateStatus();
	}

	/** A Job the CronJob created that succeeded at {@code completionTime}. */
	void succeededJob(CronJob owner, String name, String startTime, String completionTime) {
		job(owner, name, new JobBuilder().withNewStatus().withStartTime(startTime).withCompletionTime(completionTime)
			.withSucceeded(1)
			.withConditions(new JobConditionBuilder().withType("Complete").withStatus("True")
				.withLastTransitionTime(completionTime).build())
			.endStatus());
	}

	/** A Job the CronJob created that failed at {@code failedTime}. */
	void failedJob(CronJob owner, String name, String startTime, String failedTime) {
		job(owner, name, new JobBuilder().withNewStatus().withStartTime(startTime).withFailed(6)
			.withConditions(new JobConditionBuilder().withType("Failed").withStatus("True")
				.withReason("BackoffLimitExceeded").withMessage("Job has reached the specified backoff limit")
				.withLastTransitionTime(failedTime).build())
			.endStatus());
	}

	private void job(CronJob owner, String name, JobBuilder status) {
		Job job = status.withNewMetadata().withName(name).withNamespace(NAMESPACE)
			.addNewOwnerReference().withApiVersion("batch/v1").withKind("CronJob")
			.withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true)
			.endOwnerReference().endMetadata()
			.withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("backup")
			.withImage("postgres:16").endContainer().withRestartPolicy("OnFailure").endSpec().endTemplate().endSpec()
			.build();
		Job created = this.client.batch().v1().jobs().inNamespace(NAMESPACE).resource(job).create();
		this.client.batch().v1().jobs().inNamespace(NAMESPACE)
			.resource(new JobBuilder(created).withStatus(job.getStatus()).build())
			.updateStatus();
	}

	/** Installs Velero's CRDs, as {@code velero install} does. */
	void installVelero() {
		this.client.apiextensions().v1().customResourceDefinitions().resource(crd("Schedule", "schedules")).create();
		this.client.apiextensions().v1().customResourceDefinitions().resource(crd("Backup", "backups")).create();
	}

	void veleroSchedule(String name, String schedule) {
		this.client.genericKubernetesResources(SCHEDULES).inNamespace(VELERO)
			.resource(new GenericKubernetesResourceBuilder().withApiVersion("velero.io/v1").withKind("Schedule")
				.withNewMetadata().withName(name).withNamespace(VELERO).endMetadata()
				.withAdditionalProperties(Map.of("spec", Map.of("schedule", schedule,
						"template", Map.of("includedNamespaces", java.util.List.of("*")))))
				.build())
			.create();
	}

	/** A Backup the schedule created, in {@code phase}, finished at {@code completion}. */
	void veleroBackup(String schedule, String name, String phase, String start, String completion) {
		GenericKubernetesResource backup = new GenericKubernetesResourceBuilder().withApiVersion("velero.io/v1")
			.withKind("Backup")
			.withNewMetadata().withName(name).withNamespace(VELERO)
			.withLabels(Map.of("velero.io/schedule-name", schedule)).endMetadata()
			.withAdditionalProperties(Map.of("spec", Map.of("ttl", "720h0m0s"), "status",
					Map.of("phase", phase, "startTimestamp", start, "completionTimestamp", completion)))
			.build();
		this.client.genericKubernetesResources(BACKUPS).inNamespace(VELERO).resource(backup).create();
	}

	private static CustomResourceDefinition crd(String kind, String plural) {
		return new CustomResourceDefinitionBuilder().withNewMetadata().withName(plural + ".velero.io").endMetadata()
			.withNewSpec().withGroup("velero.io").withScope("Namespaced")
			.withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase(java.util.Locale.ROOT))
			.withListKind(kind + "List").endNames()
			.addNewVersion().withName("v1").withServed(true).withStorage(true)
			.withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
			.endOpenAPIV3Schema().endSchema().endVersion()
			.endSpec()
			.build();
	}

	/** A clock tests move by hand. */
	static final class MovableClock extends Clock {

		private Instant now;

		MovableClock(Instant now) {
			this.now = now;
		}

		void advance(java.time.Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
