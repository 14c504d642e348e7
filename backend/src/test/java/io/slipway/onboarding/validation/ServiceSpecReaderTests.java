package io.slipway.onboarding.validation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import io.slipway.onboarding.FieldError;
import io.slipway.onboarding.ServiceSpec;
import io.slipway.onboarding.ServiceSpec.EnvVar;
import io.slipway.onboarding.ServiceSpec.EnvironmentSpec;
import io.slipway.onboarding.ServiceSpec.Hpa;
import io.slipway.onboarding.ServiceSpec.Ports;
import io.slipway.onboarding.ServiceSpec.ResourceQuantities;
import io.slipway.onboarding.ServiceSpec.Resources;
import io.slipway.onboarding.ServiceSpec.SecretEnvVar;
import io.slipway.onboarding.ServiceSpecReader;
import io.slipway.onboarding.SpecBindingException;
import io.slipway.onboarding.SpecTooLargeException;

import static io.slipway.onboarding.validation.SpecFixtures.MAPPER;
import static io.slipway.onboarding.validation.SpecFixtures.READER;
import static io.slipway.onboarding.validation.SpecFixtures.contractExample;
import static io.slipway.onboarding.validation.SpecFixtures.resource;
import static io.slipway.onboarding.validation.SpecFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ServiceSpecReaderTests {

	@Test
	void readsTheContractExample() {
		ServiceSpec spec = READER.read(resource("good-specs/01-contract-example.json"));

		assertThat(spec).isEqualTo(new ServiceSpec("payments", "finance", "backend", "ghcr.io/acme/payments",
				new Ports(8080, 50051, 8090), "/health", "/ready", List.of(new EnvVar("LOG_LEVEL", "info")),
				List.of(new SecretEnvVar("DATABASE_PASSWORD", "postgres-secret", "POSTGRES_PASSWORD")),
				List.of("postgres", "redis"), new Hpa(1, 5, 70, 80), null, "goapps",
				Map.of("staging",
						new EnvironmentSpec(1, "1.4.0",
								new Resources(new ResourceQuantities("100m", "128Mi"),
										new ResourceQuantities("500m", "512Mi"))),
						"production", new EnvironmentSpec(3, "1.4.0", new Resources(
								new ResourceQuantities("200m", "256Mi"), new ResourceQuantities("1", "1Gi"))))));
		assertThat(spec.environments().keySet()).containsExactly("staging", "production");
	}

	@Test
	void omittedOptionalFieldsTakeTheDocumentedDefaults() {
		ServiceSpec spec = READER.read(resource("good-specs/03-minimal-grpc-worker.json"));

		assertThat(spec.ports()).isEqualTo(new Ports(null, 50051, null));
		assertThat(spec.healthPath()).isEqualTo(ServiceSpec.DEFAULT_HEALTH_PATH).isEqualTo("/health");
		assertThat(spec.readyPath()).isEqualTo(ServiceSpec.DEFAULT_READY_PATH).isEqualTo("/ready");
		assertThat(spec.env()).isEmpty();
		assertThat(spec.secretEnv()).isEmpty();
		assertThat(spec.dependencies()).isEmpty();
		assertThat(spec.hpa()).isEqualTo(Hpa.DEFAULT).isEqualTo(new Hpa(1, 5, 70, 80));
		assertThat(spec.ingressHost()).isNull();
		assertThat(spec.templatePack()).isEqualTo("goapps");
		assertThat(spec.environments().values()).extracting(EnvironmentSpec::replicas).containsOnly(1);
	}

	@Test
	void nullMeansAbsentForOptionalFields() {
		ObjectNode json = contractExample();
		for (String field : List.of("env", "secretEnv", "dependencies", "hpa", "templatePack", "healthPath")) {
			json.putNull(field);
		}
		with(json, "ports.grpc", null);

		ServiceSpec spec = READER.read(MAPPER.writeValueAsBytes(json));

		assertThat(spec.env()).isEmpty();
		assertThat(spec.hpa()).isEqualTo(Hpa.DEFAULT);
		assertThat(spec.templatePack()).isEqualTo("goapps");
		assertThat(spec.healthPath()).isEqualTo("/health");
		assertThat(spec.ports().grpc()).isNull();
	}

	@Test
	void hpaFieldsDefaultOneByOneAndAnExplicitNullMemoryTurnsMemoryScalingOff() {
		ServiceSpec partial = READER.read(MAPPER.writeValueAsBytes(with(contractExample(), "hpa", Map.of("max", 8))));
		ObjectNode cpuOnly = with(contractExample(), "hpa", Map.of("cpu", 60));
		((ObjectNode) cpuOnly.get("hpa")).putNull("memory");

		assertThat(partial.hpa()).isEqualTo(new Hpa(1, 8, 70, 80));
		assertThat(READER.read(MAPPER.writeValueAsBytes(cpuOnly)).hpa()).isEqualTo(new Hpa(1, 5, 60, null));
	}

	@Test
	void replicasDefaultToTheAutoscalerMinimum() {
		ObjectNode json = with(contractExample(), "hpa.min", 2);
		((ObjectNode) json.get("environments").get("production")).remove("replicas");

		assertThat(READER.read(MAPPER.writeValueAsBytes(json)).environments().get("production").replicas())
			.isEqualTo(2);
	}

	@Test
	void unknownFieldsAreRefusedAtEveryLevelNamingThem() {
		ObjectNode json = contractExample();
		json.put("replica", 2);
		with(json, "ports.https", 8443);
		with(json, "env.0", Map.of("name", "A", "value", "b", "valueFrom", "x"));
		with(json, "environments.staging.resources.limits.gpu", "1");

		assertThat(bindingErrors(json)).extracting(FieldError::field)
			.containsExactly("replica", "ports.https", "env[0].valueFrom", "environments.staging.resources.limits.gpu");
		assertThat(bindingErrors(json).get(1).message()).isEqualTo("is not a known field; known: http, grpc, metrics");
	}

	@Test
	void valuesOfTheWrongTypeAreNotCoerced() {
		ObjectNode json = contractExample();
		with(json, "ports.http", "8080");
		with(json, "hpa.max", 5.0);
		with(json, "environments.staging.replicas", true);
		with(json, "environments.staging.resources.requests.cpu", 0.5);
		with(json, "team", List.of("finance"));
		with(json, "secretEnv", "postgres-secret");

		assertThat(bindingErrors(json)).containsExactly(new FieldError("team", "must be a string"),
				new FieldError("ports.http", "must be a whole number"),
				new FieldError("secretEnv", "must be an array"), new FieldError("hpa.max", "must be a whole number"),
				new FieldError("environments.staging.replicas", "must be a whole number"),
				new FieldError("environments.staging.resources.requests.cpu",
						"must be a string quantity such as \"500m\" or \"1Gi\""));
	}

	@Test
	void everyMissingRequiredFieldIsListed() {
		assertThat(bindingErrors(MAPPER.createObjectNode().put("name", "payments"))).extracting(FieldError::field)
			.containsExactly("team", "component", "image", "ports", "environments");
		assertThat(bindingErrors(with(contractExample(), "env", List.of(Map.of("name", "A")))))
			.containsExactly(new FieldError("env[0].value", "is required"));
	}

	@Test
	void elementsOfTheWrongShapeAreNamedByIndex() {
		assertThat(bindingErrors(with(contractExample(), "env", List.of("LOG_LEVEL=info"))))
			.containsExactly(new FieldError("env[0]", "must be an object"));
		assertThat(bindingErrors(with(contractExample(), "dependencies", List.of("postgres", 5))))
			.containsExactly(new FieldError("dependencies[1]", "must be a string"));
	}

	@Test
	void aKeyGivenTwiceIsRefusedWithItsPath() {
		String json = new String(resource("good-specs/01-contract-example.json"), StandardCharsets.UTF_8)
			.replace("\"imageTag\": \"1.4.0\",", "\"imageTag\": \"1.4.0\", \"imageTag\": \"1.4.1\",");

		assertThatExceptionOfType(SpecBindingException.class).isThrownBy(() -> READER.read(json))
			.extracting(SpecBindingException::errors)
			.isEqualTo(List.of(new FieldError("environments.staging.imageTag", "is given more than once")));
	}

	@Test
	void unreadableBodiesAreNamedAsTheBodyWithoutEchoingThem() {
		assertThat(bodyError("{\"name\": \"payments\", \"team\": ghp_secretish}")).startsWith("is not valid JSON (line 1")
			.doesNotContain("ghp_");
		assertThat(bodyError("{\"name\": \"pay")).isEqualTo("ends before the JSON is complete");
		assertThat(bodyError("")).isEqualTo("must be a JSON object");
		assertThat(bodyError("[]")).isEqualTo("must be a JSON object");
		assertThat(bodyError("\"payments\"")).isEqualTo("must be a JSON object");
		assertThat(bodyError("{} {}")).startsWith("is not valid JSON");
	}

	@Test
	void invalidUtf8IsRefused() {
		byte[] json = { '{', '"', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' };

		assertThatExceptionOfType(SpecBindingException.class).isThrownBy(() -> READER.read(json))
			.extracting(ex -> ex.errors().get(0).field())
			.isEqualTo(FieldError.BODY);
	}

	@Test
	void bodiesOver256KibAreRefusedBeforeParsing() {
		byte[] limit = new byte[ServiceSpecReader.MAX_BYTES];
		byte[] over = new byte[ServiceSpecReader.MAX_BYTES + 1];

		assertThatExceptionOfType(SpecBindingException.class).isThrownBy(() -> READER.read(limit));
		assertThatExceptionOfType(SpecTooLargeException.class).isThrownBy(() -> READER.read(over))
			.satisfies(ex -> assertThat(ex.size()).isEqualTo(262_145L));
	}

	@Test
	void aSpecWrittenByJacksonReadsBackEqual() {
		ServiceSpec spec = READER.read(resource("good-specs/04-unicode-and-tricky-values.json"));

		assertThat(READER.read(MAPPER.writeValueAsBytes(spec))).isEqualTo(spec);
	}

	@Test
	void longUnknownKeysAreShortenedInFieldPaths() {
		String key = "k".repeat(500);

		assertThat(bindingErrors(contractExample().put(key, 1))).singleElement()
			.extracting(FieldError::field)
			.asString()
			.hasSize(65)
			.endsWith("…");
	}

	@Test
	void unknownKeysThatLookLikeSecretsAreNotEchoed() {
		assertThat(bindingErrors(contractExample().put("AKIAIOSFODNN7EXAMPLE", 1)))
			.containsExactly(new FieldError("(redacted)", "is not a known field; known: name, team, component, image, "
					+ "ports, healthPath, readyPath, env, secretEnv, dependencies, hpa, ingressHost, templatePack, environments, language"));
	}

	private static List<FieldError> bindingErrors(ObjectNode json) {
		try {
			READER.read(MAPPER.writeValueAsBytes(json));
		}
		catch (SpecBindingException ex) {
			return ex.errors();
		}
		throw new AssertionError("expected the spec to be refused");
	}

	private static String bodyError(String json) {
		try {
			READER.read(json);
		}
		catch (SpecBindingException ex) {
			assertThat(ex.errors()).singleElement().extracting(FieldError::field).isEqualTo(FieldError.BODY);
			return ex.errors().get(0).message();
		}
		throw new AssertionError("expected the body to be refused");
	}

}
