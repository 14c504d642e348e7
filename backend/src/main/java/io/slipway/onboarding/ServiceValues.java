package io.slipway.onboarding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.slipway.onboarding.ServiceSpec.EnvVar;
import io.slipway.onboarding.ServiceSpec.EnvironmentSpec;
import io.slipway.onboarding.ServiceSpec.ResourceQuantities;
import io.slipway.onboarding.ServiceSpec.SecretEnvVar;
import io.slipway.platform.Environment;
import org.jspecify.annotations.Nullable;

/**
 * Turns a validated {@link ServiceSpec} into the values tree template packs render from
 * ({@code service}, {@code environments}, {@code platform}; see docs/gitops-templates.md). The
 * tree holds only strings, numbers, booleans, lists and maps, and leaves out what the spec leaves
 * out, so a pack's {@code when} conditions see absent values as absent.
 * <p>
 * Environments come in promotion order with the namespace and Argo CD project configuration gives
 * them, whatever order the spec listed them in; only environments the spec names are rendered.
 */
final class ServiceValues {

	static final String PRODUCTION = "production";

	private ServiceValues() {
	}

	/**
	 * @param spec a spec the validator accepted
	 * @param environments the configured environments in promotion order
	 * @param platform the platform settings (see {@link #platform(String)})
	 */
	static Map<String, Object> of(ServiceSpec spec, List<Environment> environments, Map<String, Object> platform) {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("service", service(spec));
		values.put("environments", environments(spec, environments));
		values.put("platform", platform);
		return values;
	}

	/**
	 * The infra rules' default conventions, with the repository Argo CD reads.
	 */
	static Map<String, Object> platform(String repoUrl) {
		return platform(repoUrl, "main", PlatformConventions.DEFAULTS);
	}

	/**
	 * The configured conventions, with the repository and branch Argo CD reads.
	 */
	static Map<String, Object> platform(String repoUrl, String targetRevision, PlatformConventions conventions) {
		Map<String, Object> platform = new LinkedHashMap<>();
		platform.put("partOf", conventions.partOf());
		platform.put("repoUrl", repoUrl);
		platform.put("targetRevision", targetRevision);
		platform.put("argocdNamespace", conventions.argocdNamespace());
		platform.put("databaseNamespace", conventions.databaseNamespace());
		platform.put("pgbouncerHost", conventions.pgbouncerHost());
		platform.put("redisHost", conventions.redisHost());
		platform.put("ingressNamespace", conventions.ingressNamespace());
		if (conventions.imagePullSecret() != null) {
			platform.put("imagePullSecret", conventions.imagePullSecret());
		}
		return platform;
	}

	private static Map<String, Object> service(ServiceSpec spec) {
		Map<String, Object> service = new LinkedHashMap<>();
		service.put("name", spec.name());
		service.put("team", spec.team());
		service.put("component", spec.component());
		service.put("image", spec.image());
		Map<String, Object> ports = new LinkedHashMap<>();
		putIfPresent(ports, "http", spec.ports().http());
		putIfPresent(ports, "grpc", spec.ports().grpc());
		putIfPresent(ports, "metrics", spec.ports().metrics());
		service.put("ports", ports);
		service.put("healthPath", spec.healthPath());
		service.put("readyPath", spec.readyPath());
		List<Object> env = new ArrayList<>();
		for (EnvVar variable : spec.env()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("name", variable.name());
			entry.put("value", variable.value());
			env.add(entry);
		}
		service.put("env", env);
		List<Object> secretEnv = new ArrayList<>();
		for (SecretEnvVar variable : spec.secretEnv()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("name", variable.name());
			entry.put("secret", variable.secret());
			entry.put("key", variable.key());
			secretEnv.add(entry);
		}
		service.put("secretEnv", secretEnv);
		service.put("dependencies", List.copyOf(spec.dependencies()));
		service.put("postgres", spec.dependencies().contains("postgres"));
		service.put("redis", spec.dependencies().contains("redis"));
		Map<String, Object> hpa = new LinkedHashMap<>();
		hpa.put("min", spec.hpa().min());
		hpa.put("max", spec.hpa().max());
		hpa.put("cpu", spec.hpa().cpu());
		putIfPresent(hpa, "memory", spec.hpa().memory());
		service.put("hpa", hpa);
		putIfPresent(service, "ingressHost", spec.ingressHost());
		// the packages pack proposes a Dockerfile for it; other packs only record it
		putIfPresent(service, "language", spec.language());
		return service;
	}

	private static List<Object> environments(ServiceSpec spec, List<Environment> configured) {
		List<Object> environments = new ArrayList<>();
		for (Environment environment : configured) {
			EnvironmentSpec settings = spec.environments().get(environment.name());
			if (settings == null) {
				continue;
			}
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("name", environment.name());
			entry.put("namespace", environment.namespace());
			entry.put("argocdProject", environment.argoCdProject());
			entry.put("replicas", settings.replicas());
			entry.put("imageTag", settings.imageTag());
			entry.put("production", PRODUCTION.equals(environment.name()));
			Map<String, Object> resources = new LinkedHashMap<>();
			resources.put("requests", quantities(settings.resources().requests()));
			resources.put("limits", quantities(settings.resources().limits()));
			entry.put("resources", resources);
			environments.add(entry);
		}
		return environments;
	}

	private static Map<String, Object> quantities(ResourceQuantities quantities) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("cpu", quantities.cpu());
		map.put("memory", quantities.memory());
		return map;
	}

	private static void putIfPresent(Map<String, Object> map, String key, @Nullable Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

}
