package io.slipway.onboarding.validation;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.slipway.onboarding.FieldError;
import io.slipway.onboarding.ServiceSpec;
import io.slipway.onboarding.ServiceSpecValidator;

import static io.slipway.onboarding.validation.SpecFixtures.MAPPER;
import static io.slipway.onboarding.validation.SpecFixtures.READER;
import static io.slipway.onboarding.validation.SpecFixtures.VALIDATOR;
import static io.slipway.onboarding.validation.SpecFixtures.contractExample;
import static io.slipway.onboarding.validation.SpecFixtures.errorsOf;
import static io.slipway.onboarding.validation.SpecFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Every validation rule, one row per boundary: the value just inside is accepted, the one just
 * outside is refused naming the field. Rows edit the contract's example spec in one place and go
 * through the reader and the validator, as a request does.
 */
class ServiceSpecValidatorTests {

	private static final String NAME_52 = "p".repeat(52);

	private static final String NAME_53 = "p".repeat(53);

	static Stream<Arguments> refusedValues() {
		return Stream.of(
				// name: DNS-1035 label, and <name>-production must fit in 63
				refusal("name", "Payments", "name", "DNS-1035 label"),
				refusal("name", "pay.ments", "name", "DNS-1035 label"),
				refusal("name", "9lives", "name", "DNS-1035 label"),
				refusal("name", "", "name", "is required"),
				refusal("name", NAME_53, "name", "at most 52 characters"),
				refusal("name", "p".repeat(64), "name", "at most 63 characters"),
				// team: DNS label
				refusal("team", "team_a", "team", "must be a DNS label"),
				refusal("team", "", "team", "must be a DNS label"),
				refusal("component", "Backend", "component", "must be backend, frontend or worker"),
				refusal("templatePack", "", "templatePack", "must be one of the template packs: goapps, packages"),
				// image: repository without tag; production images from the trusted prefix
				refusal("image", "ghcr.io/acme/payments:1.4.0", "image", "must not carry a tag or digest"),
				refusal("image", "localhost:5000/acme/payments", "image", "trusted registry"),
				refusal("image", "ghcr.io/acme-labs/payments", "image", "trusted registry"),
				refusal("image", "ghcr.io//payments", "image", "must be an image repository"),
				refusal("image", "", "image", "must be an image repository"),
				// ports
				refusal("ports.http", 0, "ports.http", "between 1 and 65535"),
				refusal("ports.http", 65536, "ports.http", "between 1 and 65535"),
				refusal("ports.grpc", 8090, "ports.metrics", "must differ from ports.grpc"),
				refusal("ports", Map.of("metrics", 8090), "ports", "needs an http or a grpc port"),
				// probe paths
				refusal("healthPath", "", "healthPath", "must start with '/'"),
				refusal("healthPath", "/gesundheit/ä", "healthPath", "printable ASCII"),
				refusal("readyPath", "/ready\tnow", "readyPath", "without spaces"),
				// env and secretEnv
				refusal("env.0.name", "LOG.LEVEL", "env[0].name", "C identifier"),
				refusal("env.0.name", "DATABASE_PASSWORD", "secretEnv[0].name", "same variable as env[0].name"),
				refusal("secretEnv.0.secret", "postgres_secret", "secretEnv[0].secret", "must be a Secret name"),
				refusal("secretEnv.0.secret", "", "secretEnv[0].secret", "is required"),
				refusal("secretEnv.0.key", "a/b", "secretEnv[0].key", "must be a Secret key"),
				refusal("secretEnv.0.key", "", "secretEnv[0].key", "is required"),
				refusal("secretEnv.0.name", "database-password", "secretEnv[0].name", "C identifier"),
				// dependencies
				refusal("dependencies", List.of("postgres", "Redis"), "dependencies[1]", "must be postgres or redis"),
				refusal("dependencies", List.of("postgres", "postgres"), "dependencies[1]", "repeats dependencies[0]"),
				// hpa
				refusal("hpa.min", 0, "hpa.min", "at least 1"),
				refusal("hpa", Map.of("min", 2, "max", 1), "hpa.max", "at least hpa.min (2)"),
				refusal("hpa.cpu", 0, "hpa.cpu", "between 1 and 100"),
				refusal("hpa.cpu", 101, "hpa.cpu", "between 1 and 100"),
				refusal("hpa.memory", 101, "hpa.memory", "between 1 and 100"),
				// ingress host
				refusal("ingressHost", "payments..example.com", "ingressHost", "must be a DNS name"),
				refusal("ingressHost", "-payments.example.com", "ingressHost", "must be a DNS name"),
				refusal("ingressHost", "192.168.1.10", "ingressHost", "no IP address"),
				refusal("ingressHost", "*.example.com", "ingressHost", "no wildcard"),
				refusal("ingressHost", "", "ingressHost", "must be a DNS name"),
				// environments: all configured ones, nothing else
				refusal("environments.dev",
						Map.of("imageTag", "1.0.0", "resources",
								Map.of("requests", Map.of("cpu", "1", "memory", "1Gi"), "limits",
										Map.of("cpu", "1", "memory", "1Gi"))),
						"environments.dev", "is not a configured environment"),
				refusal("environments", Map.of(), "environments.staging", "is required"),
				refusal("environments.production.replicas", 6, "environments.production.replicas",
						"between hpa.min (1) and hpa.max (5)"),
				refusal("environments.production.imageTag", "latest", "environments.production.imageTag",
						"not a moving 'latest' tag"),
				refusal("environments.production.imageTag", "LATEST", "environments.production.imageTag",
						"not a moving 'latest' tag"),
				refusal("environments.production.imageTag", "release_latest", "environments.production.imageTag",
						"not a moving 'latest' tag"),
				refusal("environments.staging.imageTag", ".hidden", "environments.staging.imageTag", "must be an image tag"),
				refusal("environments.staging.imageTag", "t".repeat(129), "environments.staging.imageTag",
						"must be an image tag"),
				refusal("environments.staging.imageTag", "", "environments.staging.imageTag", "is required"),
				// quantities
				refusal("environments.staging.resources.requests.cpu", "100 m",
						"environments.staging.resources.requests.cpu", "Kubernetes quantity"),
				refusal("environments.staging.resources.requests.cpu", "0.5m",
						"environments.staging.resources.requests.cpu", "finer than 1m"),
				refusal("environments.staging.resources.requests.cpu", "0",
						"environments.staging.resources.requests.cpu", "greater than zero"),
				refusal("environments.staging.resources.requests.memory", "0.5",
						"environments.staging.resources.requests.memory", "whole number of bytes"),
				refusal("environments.staging.resources.requests.memory", "1e999",
						"environments.staging.resources.requests.memory", "Kubernetes quantity"),
				refusal("environments.staging.resources.requests.memory", "513Mi",
						"environments.staging.resources.requests.memory", "must not exceed the limit (512Mi)"),
				refusal("environments.staging.resources.requests.cpu", "0.501",
						"environments.staging.resources.requests.cpu", "must not exceed the limit (500m)"),
				refusal("environments.staging.resources.limits.memory", "", "environments.staging.resources.limits.memory",
						"is required"));
	}

	static Stream<Arguments> acceptedValues() {
		return Stream.of(acceptance("name", "a"), acceptance("name", "payments-api-2"), acceptance("name", NAME_52),
				acceptance("team", "2fa-team"), acceptance("component", "frontend"), acceptance("component", "worker"),
				acceptance("templatePack", "packages"), acceptance("image", "ghcr.io/acme/team/payments-api"),
				acceptance("image", "GHCR.io/acme/payments"), acceptance("ports.http", 1), acceptance("ports.http", 65535),
				acceptance("ports", Map.of("grpc", 50051, "metrics", 8090)), acceptance("ports", Map.of("http", 8080)),
				acceptance("healthPath", "/"), acceptance("healthPath", "/healthz?verbose=1"),
				acceptance("env.0.name", "_PRIVATE_1"), acceptance("env.0.value", ""),
				acceptance("secretEnv.0.secret", "postgres.credentials"), acceptance("secretEnv.0.key", "tls.crt"),
				acceptance("secretEnv", List.of()), acceptance("dependencies", List.of()),
				acceptance("hpa.max", 3), acceptance("hpa.memory", null), acceptance("hpa.cpu", 100),
				acceptance("ingressHost", "payments.example.com"), acceptance("ingressHost", "payments"),
				acceptance("environments.production.replicas", 5),
				acceptance("environments.staging.imageTag", "latest"),
				acceptance("environments.production.imageTag", "v2.0.0-latestfix"),
				acceptance("environments.production.imageTag", "sha-3f2a9c1"),
				acceptance("environments.staging.resources.requests.cpu", "0.5"),
				acceptance("environments.staging.resources.requests.cpu", "500m"),
				acceptance("environments.staging.resources.requests.cpu", "1m"),
				acceptance("environments.staging.resources.requests.memory", "1e3"),
				acceptance("environments.staging.resources.requests.memory", "512Mi"),
				acceptance("environments.staging.resources.limits.memory", "0.5Gi"),
				acceptance("environments.production.resources.requests.memory", "1073741824"),
				acceptance("environments.production.resources.limits.cpu", "1000m"));
	}

	@ParameterizedTest
	@MethodSource("refusedValues")
	void refused(String path, @Nullable Object value, String field, String fragment) {
		List<FieldError> errors = errorsOf(with(contractExample(), path, value));

		assertThat(errors).filteredOn(error -> error.field().equals(field))
			.singleElement()
			.extracting(FieldError::message)
			.asString()
			.contains(fragment);
	}

	@ParameterizedTest
	@MethodSource("acceptedValues")
	void accepted(String path, @Nullable Object value) {
		assertThat(errorsOf(with(contractExample(), path, value))).isEmpty();
	}

	@Test
	void contractExampleIsValid() {
		assertThat(errorsOf(contractExample())).isEmpty();
	}

	@Test
	void everyMistakeIsReportedAtOnceInSpecOrder() {
		ObjectNode spec = contractExample();
		with(spec, "environments.production.imageTag", "latest");
		with(spec, "name", "Payments");
		with(spec, "ports.metrics", 8080);

		assertThat(errorsOf(spec)).extracting(FieldError::field)
			.containsExactly("name", "ports.metrics", "environments.production.imageTag");
	}

	@Test
	void aSecretIsTheOnlyErrorOfItsFieldAndIsNeverEchoed() {
		String token = "ghp_EXAMPLEexample0123456789EXAMPLEexamp";
		List<FieldError> errors = errorsOf(with(contractExample(), "team", token));

		assertThat(errors).singleElement().satisfies(error -> {
			assertThat(error.field()).isEqualTo("team");
			assertThat(error.message()).contains("a GitHub token").doesNotContain(token).doesNotContain("ghp_");
		});
	}

	@Test
	void secretsInEnvValuesPointToSecretEnv() {
		List<FieldError> errors = errorsOf(with(contractExample(), "env.0.value", "AKIAIOSFODNN7EXAMPLE"));

		assertThat(errors).singleElement().satisfies(error -> {
			assertThat(error.field()).isEqualTo("env[0].value");
			assertThat(error.message()).contains("an AWS access key ID", "secretEnv").doesNotContain("AKIA");
		});
	}

	@Test
	void legitimateValuesAreNotMistakenForSecrets() {
		List<String> values = List.of("info", "LOG_LEVEL=info", "550e8400-e29b-41d4-a716-446655440000",
				"https://api.example.com/v1", "1.4.0-rc.1+build.5", "payments.goapps-production.svc.cluster.local",
				"redis.database.svc.cluster.local:6379", "3f2a9c1d8e7b4a6c9d0e1f2a3b4c5d6e7f8a9b0c",
				"-Xmx512m -XX:+UseG1GC", "Europe/Berlin", "Grüße aus Köln — 東京 🚀", "token_type=bearer",
				"password=${DB_PASSWORD}", "postgres://app:$(DB_PASSWORD)@pgbouncer.database:5432/app",
				"com.acme.payments.KafkaConsumerGroupV3Rebalance", "key: value\n---\n- &anchor *alias {x: [1]}");
		ObjectNode spec = contractExample();
		for (String value : values) {
			((ArrayNode) spec.get("env")).add(MAPPER.createObjectNode()
				.put("name", "VALUE_" + spec.get("env").size())
				.put("value", value));
		}

		assertThat(errorsOf(spec)).isEmpty();
	}

	@Test
	void existingServiceIsAConflictNotAValidationError() {
		ServiceSpec spec = READER.read(MAPPER.writeValueAsBytes(contractExample()));

		assertThat(VALIDATOR.validate(spec)).isEmpty();
		assertThat(VALIDATOR.conflict(spec, Set.of("orders", "payments")))
			.hasValue(new FieldError("name", "service 'payments' already exists"));
		assertThat(VALIDATOR.conflict(spec, Set.of("orders"))).isEmpty();
	}

	@Test
	void productionIsTheLastEnvironmentAndTheOneNamedProduction() {
		ServiceSpecValidator validator = new ServiceSpecValidator(List.of("dev", "production", "dr"),
				Set.of("goapps"), List.of());
		ObjectNode spec = contractExample();
		ObjectNode staging = (ObjectNode) spec.get("environments").get("staging");
		ObjectNode environments = MAPPER.createObjectNode();
		environments.set("dev", staging.deepCopy().put("imageTag", "latest"));
		environments.set("production", staging.deepCopy().put("imageTag", "latest"));
		environments.set("dr", staging.deepCopy().put("imageTag", "latest"));
		spec.set("environments", environments);

		assertThat(validator.validate(READER.read(MAPPER.writeValueAsBytes(spec)))).extracting(FieldError::field)
			.containsExactly("environments.production.imageTag", "environments.dr.imageTag");
	}

	@Test
	void withoutTrustedRegistriesAnyRegistryIsAccepted() {
		ServiceSpecValidator validator = new ServiceSpecValidator(SpecFixtures.ENVIRONMENTS,
				SpecFixtures.TEMPLATE_PACKS, List.of(" "));
		ServiceSpec spec = READER.read(MAPPER.writeValueAsBytes(with(contractExample(), "image", "nginx")));

		assertThat(validator.validate(spec)).isEmpty();
		assertThat(VALIDATOR.validate(spec)).extracting(FieldError::field).containsExactly("image");
	}

	@Test
	void trustedRegistryMessageNamesTheTrustedPrefixes() {
		assertThat(errorsOf(with(contractExample(), "image", "quay.io/acme/payments"))).singleElement()
			.extracting(FieldError::message)
			.asString()
			.contains("trusted registry", "production", "ghcr.io/acme");
	}

	private static Arguments refusal(String path, @Nullable Object value, String field, String fragment) {
		return argumentSet(path + " = " + shown(value) + " -> " + field, path, value, field, fragment);
	}

	private static Arguments acceptance(String path, @Nullable Object value) {
		return argumentSet(path + " = " + shown(value), path, value);
	}

	private static String shown(@Nullable Object value) {
		String text = String.valueOf(value);
		return (text.length() > 24) ? text.substring(0, 24) + "…" : text;
	}

}
