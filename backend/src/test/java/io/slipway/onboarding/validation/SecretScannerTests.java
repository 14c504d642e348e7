package io.slipway.onboarding.validation;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The secret scanner on its own: each kind it names, and the ordinary configuration values it
 * must leave alone. The examples are documentation samples or made up; none is a live credential.
 */
class SecretScannerTests {

	static Stream<Arguments> secrets() {
		return Stream.of(arguments("AKIAIOSFODNN7EXAMPLE", SecretKind.AWS_ACCESS_KEY),
				arguments("creds ASIAY34FZKBOKMUTVV7A here", SecretKind.AWS_ACCESS_KEY),
				arguments("AIzaEXAMPLE-example_0123456789EXAMPLEex", SecretKind.GCP_KEY),
				arguments("GOCSPX-EXAMPLEexample0123456789EXAM", SecretKind.GCP_KEY),
				arguments("AccountName=acme;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
						SecretKind.AZURE_KEY),
				arguments("https://acme.blob.core.windows.net/c?sv=2022-11-02&sig=abcdEFGH1234ijklMNOP5678%3D",
						SecretKind.AZURE_KEY),
				arguments("abc8Q~EXAMPLEexample0123456789EXAMPLE0", SecretKind.AZURE_KEY),
				arguments("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----",
						SecretKind.PRIVATE_KEY),
				arguments("-----BEGIN EC PRIVATE KEY-----", SecretKind.PRIVATE_KEY),
				arguments("-----BEGIN PGP PRIVATE KEY BLOCK-----", SecretKind.PRIVATE_KEY),
				arguments("ghp_EXAMPLEexample0123456789EXAMPLEexamp", SecretKind.GITHUB_TOKEN),
				arguments("gho_EXAMPLEexample0123456789EXAMPLEexamp", SecretKind.GITHUB_TOKEN),
				arguments("github_pat_11EXAMPLE0123456789_exampleEXAMPLE", SecretKind.GITHUB_TOKEN),
				arguments("glpat-EXAMPLEexample012345", SecretKind.GITLAB_TOKEN),
				arguments("xoxb-000000000000-0000000000000-EXAMPLEexample", SecretKind.SLACK_TOKEN),
				arguments("xoxp-000000000000-EXAMPLE", SecretKind.SLACK_TOKEN),
				arguments("https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
						SecretKind.SLACK_TOKEN),
				arguments("sk_live_EXAMPLEexample0123456789", SecretKind.STRIPE_KEY),
				arguments("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
						SecretKind.JWT),
				arguments("Authorization: Bearer 4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c", SecretKind.AUTHORIZATION_HEADER),
				arguments("basic dXNlcjpwYXNzd29yZDEyMw==", SecretKind.AUTHORIZATION_HEADER),
				arguments("password=hunter2", SecretKind.CREDENTIAL_ASSIGNMENT),
				arguments("DB_PASSWORD: \"correct horse\"", SecretKind.CREDENTIAL_ASSIGNMENT),
				arguments("client_secret: s3cr3t", SecretKind.CREDENTIAL_ASSIGNMENT),
				arguments("https://x.example.com/cb?state=1&access_token=abc123", SecretKind.CREDENTIAL_ASSIGNMENT),
				arguments("api-key = 12345", SecretKind.CREDENTIAL_ASSIGNMENT),
				arguments("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
						SecretKind.CREDENTIAL_ASSIGNMENT),
				arguments("postgresql://app:app@db.example.com:5432/app", SecretKind.URL_CREDENTIALS),
				arguments("amqp://guest:guest@rabbitmq:5672", SecretKind.URL_CREDENTIALS),
				arguments("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", SecretKind.HIGH_ENTROPY),
				arguments("q7Rk2LmZx9PvT4nWb8YcJ3sHd6Fg1AeU", SecretKind.HIGH_ENTROPY),
				arguments("prefix:Xk9vQ2mR7tL4pZ8wN3bC6yH1==", SecretKind.HIGH_ENTROPY));
	}

	@ParameterizedTest
	@MethodSource
	void secrets(String value, SecretKind kind) {
		assertThat(SecretScanner.find(value)).hasValue(kind);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "info", "LOG_LEVEL=info", "550e8400-e29b-41d4-a716-446655440000",
			"550E8400E29B41D4A716446655440000", "01ARZ3NDEKTSV4RRFFQ69G5FAV", "https://api.example.com/v1",
			"https://docs.example.com/Guides/GettingStarted2/Introduction", "/api/v1/Users123/Profile",
			"api/v1/Users123/Profile/Settings2", "1.4.0-rc.1+build.5", "v1.4.0-12-g3f2a9c1",
			"payments.goapps-production.svc.cluster.local", "payments-7d9f8c6b5-x2x4q",
			"kafka-0.kafka-headless.messaging.svc.cluster.local:9092,kafka-1.kafka-headless.messaging.svc.cluster.local:9092",
			"3f2a9c1d8e7b4a6c9d0e1f2a3b4c5d6e7f8a9b0c",
			"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			"sha-3f2a9c1d8e7b4a6c9d0e1f2a3b4c5d6e7f8a9b0c",
			"traceparent=00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
			"jdbc:postgresql://pgbouncer.database.svc.cluster.local:5432/payments?sslmode=require",
			"redis://redis.database.svc.cluster.local:6379/0", "https://user@git.example.com/acme/repo.git",
			"-Xmx512m -XX:+UseG1GC -XX:MaxRAMPercentage=75.0", "en_US.UTF-8", "Europe/Berlin",
			"max-age=31536000; includeSubDomains", "Payments2Application", "KafkaConsumerGroupV3Rebalance",
			"com.acme.payments.Payments2ServiceApplication", "io.opentelemetry.exporter.otlp.OtlpGrpcSpanExporter",
			"AbstractSingletonProxyFactoryBean2", "ProjectX2024Q3BudgetForecastReport",
			"s3://acme-payments-prod-eu-central-1/exports/2024", "The quick brown fox jumps over the lazy dog 42 times",
			"Привет, мир! こんにちは 🚀 ünïcödé", "key: value\n---\n- &anchor *alias {braces} [list] # comment",
			"token_type=bearer", "passwordless=true", "secretName: tls", "password=", "password=${DB_PASSWORD}",
			"password=$(DB_PASSWORD)", "password=<your password>", "password={{ .Values.password }}",
			"password=********", "token=true", "postgres://app:${DB_PASSWORD}@db:5432/app",
			"Basic authentication is required", "Bearer token expected", "eyJ is how base64 JSON starts",
			"AKIA prefixes AWS keys" })
	void ordinaryValuesAreNotSecrets(String value) {
		assertThat(SecretScanner.find(value)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "DB_PASSWORD", "SMTP_PASS", "JWT_SECRET", "GITHUB_TOKEN", "STRIPE_API_KEY",
			"AWS_SECRET_ACCESS_KEY", "OAUTH_CLIENT_SECRET", "SIGNING_KEY", "password" })
	void literalsInVariablesNamedLikeSecretsAreSecrets(String name) {
		assertThat(SecretScanner.findInVariable(name, "changeme")).hasValue(SecretKind.SECRET_NAMED_VARIABLE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "TOKEN_TTL_SECONDS", "PASSWORD_MIN_LENGTH", "SECRET_NAME", "CACHE_KEY", "BYPASS",
			"TOKEN_ISSUER_URL", "PWD" })
	void variablesMerelyMentioningSecretsAreNot(String name) {
		assertThat(SecretScanner.findInVariable(name, "changeme")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "$(DB_PASSWORD)", "${DB_PASSWORD}", "<set me>", "true", "***" })
	void placeholdersInVariablesNamedLikeSecretsAreNot(String value) {
		assertThat(SecretScanner.findInVariable("DB_PASSWORD", value)).isEmpty();
	}

	@Test
	void generatedTokensOfTwentyCharactersOrMoreAreFoundNineteenTimesInTwenty() {
		// Seeded, so the rate is a fixed property of the thresholds rather than luck.
		Random random = new Random(20261123);
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
		for (int length : new int[] { 20, 24, 32, 40, 64 }) {
			int found = 0;
			for (int i = 0; i < 1000; i++) {
				StringBuilder token = new StringBuilder();
				for (int j = 0; j < length; j++) {
					token.append(alphabet.charAt(random.nextInt(alphabet.length())));
				}
				found += SecretScanner.find(token.toString()).isPresent() ? 1 : 0;
			}
			assertThat(found).as("tokens of %d characters found", length).isGreaterThanOrEqualTo(920);
		}
	}

	@Test
	void hostileValuesOfTheMaximumBodySizeAreScannedQuickly() {
		int size = 256 * 1024;
		List<String> hostile = List.of("a_".repeat(size / 2), "a".repeat(size), "=".repeat(size) + "x",
				"a://".repeat(size / 4), "password".repeat(size / 8), "x://u:".repeat(size / 6),
				"Aa1".repeat(size / 3), "bearer ".repeat(size / 7));

		// Quadratic backtracking would take minutes here; linear scanning takes milliseconds.
		assertTimeoutPreemptively(Duration.ofSeconds(20), () -> hostile.forEach(SecretScanner::find));
	}

	@Test
	void entropyIsShannonsInBitsPerCharacter() {
		assertThat(SecretScanner.entropy("")).isZero();
		assertThat(SecretScanner.entropy("aaaa")).isZero();
		assertThat(SecretScanner.entropy("abab")).isCloseTo(1.0, within(1e-9));
		assertThat(SecretScanner.entropy("abcdefgh")).isCloseTo(3.0, within(1e-9));
	}

}
