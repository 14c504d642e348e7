package io.slipway.onboarding.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.slipway.onboarding.FieldError;
import io.slipway.onboarding.ServiceSpec;
import io.slipway.onboarding.ServiceSpecReader;
import io.slipway.onboarding.ServiceSpecValidator;
import io.slipway.onboarding.SpecBindingException;

/**
 * Specs and the validator set up as the corpus README describes: environments staging and
 * production, packs goapps and packages, production images trusted from ghcr.io/acme.
 */
final class SpecFixtures {

	static final List<String> ENVIRONMENTS = List.of("staging", "production");

	static final Set<String> TEMPLATE_PACKS = Set.of("goapps", "packages");

	static final List<String> TRUSTED_REGISTRIES = List.of("ghcr.io/acme");

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	static final ServiceSpecReader READER = new ServiceSpecReader();

	static final ServiceSpecValidator VALIDATOR = new ServiceSpecValidator(ENVIRONMENTS, TEMPLATE_PACKS,
			TRUSTED_REGISTRIES);

	private SpecFixtures() {
	}

	static byte[] resource(String path) {
		try (InputStream in = SpecFixtures.class.getResourceAsStream("/onboarding/" + path)) {
			if (in == null) {
				throw new IllegalStateException("no test resource onboarding/" + path);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("error reading onboarding/" + path, ex);
		}
	}

	/** The contract's example spec as a tree to edit. */
	static ObjectNode contractExample() {
		return (ObjectNode) MAPPER.readTree(resource("good-specs/01-contract-example.json"));
	}

	/** Reads and validates JSON as the API does: binding errors first, then the rules. */
	static List<FieldError> errorsOf(byte[] json) {
		try {
			ServiceSpec spec = READER.read(json);
			return VALIDATOR.validate(spec);
		}
		catch (SpecBindingException ex) {
			return ex.errors();
		}
	}

	static List<FieldError> errorsOf(JsonNode json) {
		return errorsOf(MAPPER.writeValueAsBytes(json));
	}

	/**
	 * Sets a value at a dotted path ({@code environments.staging.replicas},
	 * {@code env.0.name}); {@code null} removes the field.
	 */
	static ObjectNode with(ObjectNode spec, String path, @Nullable Object value) {
		String[] keys = path.split("\\.");
		JsonNode node = spec;
		for (int i = 0; i < keys.length - 1; i++) {
			node = node.isArray() ? node.get(Integer.parseInt(keys[i])) : node.get(keys[i]);
		}
		String last = keys[keys.length - 1];
		if (value == Removed.FIELD) {
			((ObjectNode) node).remove(last);
		}
		else if (node instanceof ArrayNode array) {
			array.set(Integer.parseInt(last), MAPPER.valueToTree(value));
		}
		else {
			((ObjectNode) node).set(last, MAPPER.valueToTree(value));
		}
		return spec;
	}

	/** Marks a field to remove in {@link #with}. */
	enum Removed {

		/** Remove the field. */
		FIELD

	}

}
