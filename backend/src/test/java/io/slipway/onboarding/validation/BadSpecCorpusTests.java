package io.slipway.onboarding.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import io.slipway.onboarding.FieldError;
import io.slipway.onboarding.ServiceSpec;
import io.slipway.onboarding.ServiceSpecReader;
import io.slipway.onboarding.SpecTooLargeException;

import static io.slipway.onboarding.validation.SpecFixtures.MAPPER;
import static io.slipway.onboarding.validation.SpecFixtures.READER;
import static io.slipway.onboarding.validation.SpecFixtures.VALIDATOR;
import static io.slipway.onboarding.validation.SpecFixtures.errorsOf;
import static io.slipway.onboarding.validation.SpecFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Runs the bad-spec corpus ({@code onboarding/bad-specs}, format in its README) through the same
 * reader and validator the API uses, configured as the README says. The API tests post the same
 * files over HTTP and check the status and that no ref moved.
 */
class BadSpecCorpusTests {

	/** Name the 409 rows use; the README asks API tests to make it exist first. */
	private static final Set<String> EXISTING_SERVICES = Set.of("orders");

	record Expectation(String file, String field, String messageFragment, int status) {
	}

	static List<Expectation> expectations() {
		List<String> lines = new String(resource("bad-specs/expectations.csv"), StandardCharsets.UTF_8).lines()
			.filter(line -> !line.isBlank())
			.toList();
		assertThat(lines.get(0)).isEqualTo("file,field,messageFragment,status");
		List<Expectation> expectations = new ArrayList<>();
		for (String line : lines.subList(1, lines.size())) {
			String[] columns = line.split(",", -1);
			assertThat(columns).as(line).hasSize(4);
			expectations.add(new Expectation(columns[0], columns[1], columns[2], Integer.parseInt(columns[3])));
		}
		return expectations;
	}

	static Stream<Arguments> badSpecs() {
		return expectations().stream().map(expectation -> argumentSet(expectation.file(), expectation));
	}

	@Test
	void corpusCoversEveryFileWithAtLeastSixtySpecs() throws IOException {
		List<String> files;
		try (Stream<Path> listing = Files.list(folder("bad-specs"))) {
			files = listing.map(path -> path.getFileName().toString())
				.filter(name -> name.endsWith(".json"))
				.sorted()
				.toList();
		}

		assertThat(expectations()).extracting(Expectation::file).containsExactlyElementsOf(files);
		assertThat(files).hasSizeGreaterThanOrEqualTo(60);
		assertThat(expectations()).extracting(Expectation::status).contains(400, 409, 413).allMatch(
				status -> status == 400 || status == 409 || status == 413);
	}

	@ParameterizedTest
	@MethodSource
	void badSpecs(Expectation expectation) {
		byte[] json = resource("bad-specs/" + expectation.file());
		switch (expectation.status()) {
			case 400 -> {
				List<FieldError> errors = errorsOf(json);
				assertThat(errors).as("errors of %s", expectation.file())
					.anySatisfy(error -> {
						assertThat(error.field()).isEqualTo(expectation.field());
						assertThat(error.message()).contains(expectation.messageFragment());
					});
				assertNoSecretEchoed(json, errors);
			}
			case 409 -> {
				ServiceSpec spec = READER.read(json);
				assertThat(VALIDATOR.validate(spec)).isEmpty();
				assertThat(VALIDATOR.conflict(spec, EXISTING_SERVICES)).hasValueSatisfying(error -> {
					assertThat(error.field()).isEqualTo(expectation.field());
					assertThat(error.message()).contains(expectation.messageFragment());
				});
			}
			case 413 -> {
				// The HTTP answer (413 before the body is buffered) is the API tests' to check; here
				// the reader must refuse the body on its own too.
				assertThat(json.length).isGreaterThan(ServiceSpecReader.MAX_BYTES);
				assertThatExceptionOfType(SpecTooLargeException.class).isThrownBy(() -> READER.read(json));
			}
			default -> throw new AssertionError("unknown status " + expectation.status());
		}
	}

	@Test
	void goodSpecsAreAccepted() throws IOException {
		List<Path> files;
		try (Stream<Path> listing = Files.list(folder("good-specs"))) {
			files = listing.filter(path -> path.toString().endsWith(".json")).sorted().toList();
		}

		assertThat(files).hasSizeGreaterThanOrEqualTo(3);
		for (Path file : files) {
			assertThat(errorsOf(Files.readAllBytes(file))).as("errors of %s", file.getFileName()).isEmpty();
		}
	}

	@Test
	void theExistingServiceOfThe409RowsIsAGoodSpec() {
		ServiceSpec orders = READER.read(resource("good-specs/02-orders.json"));

		assertThat(orders.name()).isIn(EXISTING_SERVICES);
		assertThat(VALIDATOR.validate(orders)).isEmpty();
	}

	// Error messages end up in logs and browsers: none may carry a secret the spec held.
	private static void assertNoSecretEchoed(byte[] json, List<FieldError> errors) {
		JsonNode tree;
		try {
			tree = MAPPER.readTree(json);
		}
		catch (JacksonException ex) {
			return;
		}
		List<String> secrets = new ArrayList<>();
		collectSecrets(tree, secrets);
		for (FieldError error : errors) {
			for (String secret : secrets) {
				assertThat(error.message()).doesNotContain(secret);
				assertThat(error.field()).doesNotContain(secret);
			}
		}
	}

	private static void collectSecrets(JsonNode node, List<String> secrets) {
		if (node.isString() && SecretScanner.find(node.stringValue()).isPresent()) {
			secrets.add(node.stringValue());
		}
		node.forEach(child -> collectSecrets(child, secrets));
	}

	private static Path folder(String name) {
		URL url = BadSpecCorpusTests.class.getResource("/onboarding/" + name);
		assertThat(url).as("test resource onboarding/%s", name).isNotNull();
		try {
			return Path.of(url.toURI());
		}
		catch (URISyntaxException ex) {
			throw new UncheckedIOException(new IOException("error locating onboarding/" + name, ex));
		}
	}

}
