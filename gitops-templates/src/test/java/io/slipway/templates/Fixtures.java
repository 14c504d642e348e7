package io.slipway.templates;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values trees shaped like the ones onboarding builds from a service spec: a representative service
 * (PostgreSQL and Redis, HTTP + gRPC + metrics, two environments) and a minimal HTTP-only worker.
 */
final class Fixtures {

	private Fixtures() {
	}

	static Map<String, Object> payments() {
		Map<String, Object> service = map("name", "payments", "team", "finance", "component", "backend", "image",
				"ghcr.io/acme/payments", "ports", map("http", 8080, "grpc", 50051, "metrics", 8090), "healthPath",
				"/health", "readyPath", "/ready", "env",
				list(map("name", "LOG_LEVEL", "value", "info"), map("name", "FEATURE_LEDGER", "value", "true")),
				"secretEnv",
				list(map("name", "DATABASE_USER", "secret", "payments-db", "key", "username"),
						map("name", "DATABASE_PASSWORD", "secret", "payments-db", "key", "password")),
				"dependencies", list("postgres", "redis"), "postgres", true, "redis", true, "hpa",
				map("min", 2, "max", 6, "cpu", 70, "memory", 80), "ingressHost", "payments.example.com", "language",
				"go");
		return map("service", service, "environments",
				list(environment("staging", "goapps-staging", 1, "1.4.0", false, "100m", "128Mi", "500m", "512Mi"),
						environment("production", "goapps-production", 3, "1.3.2", true, "200m", "256Mi", "1", "1Gi")),
				"platform", platform(true));
	}

	static Map<String, Object> mailer() {
		Map<String, Object> service = map("name", "mailer", "team", "messaging", "component", "worker", "image",
				"ghcr.io/acme/mailer", "ports", map("http", 8080), "healthPath", "/healthz", "readyPath", "/readyz",
				"env", list(), "secretEnv", list(), "dependencies", list(), "postgres", false, "redis", false, "hpa",
				map("min", 1, "max", 3, "cpu", 80, "memory", 80));
		return map("service", service, "environments",
				list(environment("staging", "goapps-staging", 1, "0.9.0", false, "50m", "64Mi", "200m", "256Mi"),
						environment("production", "goapps-production", 2, "0.9.0", true, "50m", "64Mi", "200m",
								"256Mi")),
				"platform", platform(false));
	}

	static Map<String, Object> environment(String name, String namespace, int replicas, String tag, boolean production,
			String requestCpu, String requestMemory, String limitCpu, String limitMemory) {
		return map("name", name, "namespace", namespace, "argocdProject", "goapps", "replicas", replicas, "imageTag",
				tag, "production", production, "resources",
				map("requests", map("cpu", requestCpu, "memory", requestMemory), "limits",
						map("cpu", limitCpu, "memory", limitMemory)));
	}

	static Map<String, Object> platform(boolean pullSecret) {
		Map<String, Object> platform = map("partOf", "goapps", "repoUrl",
				"https://git.example.com/acme/goapps-infra.git", "targetRevision", "main", "argocdNamespace", "argocd",
				"databaseNamespace", "database", "pgbouncerHost", "pgbouncer.database.svc.cluster.local", "redisHost",
				"redis.database.svc.cluster.local", "ingressNamespace", "ingress-nginx");
		if (pullSecret) {
			platform.put("imagePullSecret", "ghcr-secret");
			platform.put("monitoringNamespace", "monitoring");
			platform.put("ingressClassName", "nginx");
		}
		return platform;
	}

	static Map<String, Object> map(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	static List<Object> list(Object... items) {
		return new ArrayList<>(List.of(items));
	}

	/** A deep, mutable copy so a test can change one value without touching the fixture. */
	@SuppressWarnings("unchecked")
	static <T> T copy(T value) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> out = new LinkedHashMap<>();
			map.forEach((key, item) -> out.put((String) key, copy(item)));
			return (T) out;
		}
		if (value instanceof List<?> list) {
			List<Object> out = new ArrayList<>();
			list.forEach(item -> out.add(copy(item)));
			return (T) out;
		}
		return value;
	}

}
