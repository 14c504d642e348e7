package io.slipway.onboarding;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a developer asks for when onboarding a service: the body of
 * {@code POST /api/v1/services} and {@code /services/preview}, with the same field names as its
 * JSON (see the API contract). Template packs render a service's manifests from it.
 * <p>
 * A {@code ServiceSpec} is only a carrier: {@link ServiceSpecReader} builds one from JSON (type
 * errors, unknown and missing fields) and {@link ServiceSpecValidator} decides whether it may be
 * onboarded. A spec that passed both holds no {@code null} besides the optional fields marked
 * {@code @Nullable}.
 * <p>
 * Optional fields and their defaults, applied by the reader when the field is absent or
 * {@code null}:
 * <ul>
 * <li>{@code healthPath} {@value #DEFAULT_HEALTH_PATH}, {@code readyPath}
 * {@value #DEFAULT_READY_PATH} (the paths of the services guide);</li>
 * <li>{@code env}, {@code secretEnv}, {@code dependencies}: empty;</li>
 * <li>{@code hpa}: {@link Hpa#DEFAULT}, and each field of a given {@code hpa} defaults alone;</li>
 * <li>{@code ingressHost}: none (no Ingress);</li>
 * <li>{@code templatePack}: {@value #DEFAULT_TEMPLATE_PACK};</li>
 * <li>{@code language}: none, so no Dockerfile is proposed;</li>
 * <li>{@code ports.grpc}, {@code ports.metrics}, and {@code ports.http} when a gRPC port is
 * given: none;</li>
 * <li>{@code environments.<env>.replicas}: {@code hpa.min}.</li>
 * </ul>
 * Required: {@code name}, {@code team}, {@code component}, {@code image}, {@code ports} (with
 * {@code http} or {@code grpc}) and {@code environments} with, per environment, {@code imageTag}
 * and all four {@code resources} quantities.
 *
 * @param name service name, a DNS-1035 label: it becomes the Kubernetes Service, Deployment and
 * Argo CD Application names
 * @param team owning team, a DNS label (a Kubernetes label value)
 * @param component {@code backend}, {@code frontend} or {@code worker}
 * @param image image repository without tag or digest (tags are per environment), e.g.
 * {@code ghcr.io/acme/payments}
 * @param ports container ports
 * @param healthPath HTTP path of the liveness probe
 * @param readyPath HTTP path of the readiness probe
 * @param env plain environment variables, in the order given
 * @param secretEnv environment variables read from Kubernetes Secrets
 * @param dependencies platform services used: {@code postgres}, {@code redis}
 * @param hpa horizontal pod autoscaler bounds and targets
 * @param ingressHost public host name of an Ingress, or {@code null} for none
 * @param templatePack template pack that renders the service
 * @param environments per-environment settings keyed by environment name, in the order given
 * @param language the language the service is written in, one of {@link #LANGUAGES}, or
 * {@code null}; the {@code packages} pack then writes a Dockerfile proposal for it. An extension of
 * the API contract's spec: absent means none
 */
public record ServiceSpec(String name, String team, String component, String image, Ports ports,
		String healthPath, String readyPath, List<EnvVar> env, List<SecretEnvVar> secretEnv,
		List<String> dependencies, Hpa hpa, @Nullable String ingressHost, String templatePack,
		Map<String, EnvironmentSpec> environments, @Nullable String language) {

	/** Template pack used when the spec names none: the layout of the infra rules. */
	public static final String DEFAULT_TEMPLATE_PACK = "goapps";

	/** Liveness probe path used when the spec names none. */
	public static final String DEFAULT_HEALTH_PATH = "/health";

	/** Readiness probe path used when the spec names none. */
	public static final String DEFAULT_READY_PATH = "/ready";

	/** The languages a Dockerfile can be proposed for, as the spec's {@code language} names them. */
	public static final List<String> LANGUAGES = List.of("nodejs", "go", "python", "php", "java");

	public ServiceSpec {
		env = List.copyOf(env);
		secretEnv = List.copyOf(secretEnv);
		dependencies = List.copyOf(dependencies);
		// Map.copyOf would lose the order the developer wrote the environments in.
		environments = Collections.unmodifiableMap(new LinkedHashMap<>(environments));
	}

	/**
	 * A spec without a language: no Dockerfile is proposed.
	 */
	public ServiceSpec(String name, String team, String component, String image, Ports ports, String healthPath,
			String readyPath, List<EnvVar> env, List<SecretEnvVar> secretEnv, List<String> dependencies, Hpa hpa,
			@Nullable String ingressHost, String templatePack, Map<String, EnvironmentSpec> environments) {
		this(name, team, component, image, ports, healthPath, readyPath, env, secretEnv, dependencies, hpa,
				ingressHost, templatePack, environments, null);
	}

	/**
	 * Container ports; at least one of {@code http} and {@code grpc} is needed for the probes.
	 *
	 * @param http HTTP port, also the target of the probes and of an Ingress
	 * @param grpc gRPC port, probed with gRPC health checks when there is no HTTP port
	 * @param metrics port Prometheus scrapes, announced with scrape annotations
	 */
	public record Ports(@Nullable Integer http, @Nullable Integer grpc, @Nullable Integer metrics) {
	}

	/**
	 * A plain environment variable. The value is checked for secrets: secrets go in
	 * {@link SecretEnvVar}.
	 *
	 * @param name a C identifier
	 * @param value literal value, possibly empty
	 */
	public record EnvVar(String name, String value) {
	}

	/**
	 * An environment variable rendered as a {@code secretKeyRef}: the spec names the Secret, never
	 * holds its value.
	 *
	 * @param name variable name, a C identifier
	 * @param secret name of the Kubernetes Secret, a DNS-1123 subdomain
	 * @param key key inside the Secret
	 */
	public record SecretEnvVar(String name, String secret, String key) {
	}

	/**
	 * Horizontal pod autoscaler {@code <name>-hpa}.
	 *
	 * @param min minimum replicas, at least 1
	 * @param max maximum replicas, at least {@code min}
	 * @param cpu target average CPU utilisation in percent (1–100)
	 * @param memory target average memory utilisation in percent (1–100), or {@code null} to
	 * scale on CPU only; an explicit JSON {@code null} means this, an absent field means the default
	 */
	public record Hpa(int min, int max, int cpu, @Nullable Integer memory) {

		/** The autoscaler of the infra rules' sample {@code hpa.yaml}: 1–5 replicas, 70 % CPU, 80 % memory. */
		public static final Hpa DEFAULT = new Hpa(1, 5, 70, 80);

	}

	/**
	 * What differs per environment.
	 *
	 * @param replicas replica count of the Deployment, within the autoscaler's bounds
	 * @param imageTag image tag promoted into this environment
	 * @param resources requests and limits of the container
	 */
	public record EnvironmentSpec(int replicas, String imageTag, Resources resources) {
	}

	/**
	 * Container resources; requests may not exceed limits.
	 *
	 * @param requests what the scheduler reserves
	 * @param limits what the container may use at most
	 */
	public record Resources(ResourceQuantities requests, ResourceQuantities limits) {
	}

	/**
	 * CPU and memory as Kubernetes quantity strings, kept as written so the rendered manifests
	 * show what the developer typed.
	 *
	 * @param cpu e.g. {@code 100m}, {@code 0.5}, {@code 1}
	 * @param memory e.g. {@code 128Mi}, {@code 1G}
	 */
	public record ResourceQuantities(String cpu, String memory) {
	}

}
