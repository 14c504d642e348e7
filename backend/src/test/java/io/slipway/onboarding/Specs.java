package io.slipway.onboarding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Service specs for the API tests: the contract's example ({@code onboarding/api/payments.json})
 * under another name, optionally edited.
 */
final class Specs {

	private static final JsonMapper json = JsonMapper.builder().build();

	private Specs() {
	}

	static byte[] named(String name) {
		return named(name, (spec) -> {
		});
	}

	static byte[] named(String name, Consumer<ObjectNode> edit) {
		ObjectNode spec = example();
		spec.put("name", name);
		spec.put("image", "ghcr.io/acme/" + name);
		edit.accept(spec);
		return json.writeValueAsBytes(spec);
	}

	static ObjectNode example() {
		try (InputStream in = Specs.class.getResourceAsStream("/onboarding/api/payments.json")) {
			return (ObjectNode) json.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
