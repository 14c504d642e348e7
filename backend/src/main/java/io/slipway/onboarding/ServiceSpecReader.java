package io.slipway.onboarding;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.slipway.onboarding.ServiceSpec.EnvVar;
import io.slipway.onboarding.ServiceSpec.EnvironmentSpec;
import io.slipway.onboarding.ServiceSpec.Hpa;
import io.slipway.onboarding.ServiceSpec.Ports;
import io.slipway.onboarding.ServiceSpec.ResourceQuantities;
import io.slipway.onboarding.ServiceSpec.Resources;
import io.slipway.onboarding.ServiceSpec.SecretEnvVar;
import io.slipway.onboarding.validation.SecretScanner;

/**
 * Reads a {@link ServiceSpec} from the JSON of the API contract. This is the one way specs enter
 * Slipway (API and form alike), so its strictness is the contract's:
 * <ul>
 * <li>a field the spec does not know is refused, naming it, rather than silently dropped: a typo
 * like {@code "replica"} would otherwise onboard a service without the setting the developer
 * believes they gave;</li>
 * <li>no coercion: {@code "8080"} is not a port and {@code 1.5} is not a replica count;</li>
 * <li>a key given twice is refused (which one wins is not something a reviewer can see);</li>
 * <li>optional fields absent or {@code null} take the defaults documented on
 * {@link ServiceSpec}.</li>
 * </ul>
 * Every problem found is reported at once, each with the field path of {@link FieldError}. The
 * reader checks shape only; whether the values are acceptable is {@link ServiceSpecValidator}'s
 * job. Error messages never include the refused value.
 * <p>
 * Thread-safe and stateless.
 */
public final class ServiceSpecReader {

	/**
	 * Largest body read, 256 KiB. A real spec is a few KiB; callers should refuse larger bodies
	 * with 413 before buffering them, and the reader refuses them too.
	 */
	public static final int MAX_BYTES = 256 * 1024;

	// Longest unknown key echoed in a field path; keys are user input and may be anything.
	private static final int MAX_ECHOED_KEY = 64;

	// Stands for a key that looks like a secret in a field path.
	private static final String REDACTED_KEY = "(redacted)";

	private static final List<String> SPEC_FIELDS = List.of("name", "team", "component", "image", "ports",
			"healthPath", "readyPath", "env", "secretEnv", "dependencies", "hpa", "ingressHost", "templatePack",
			"environments", "language");

	private static final List<String> PORT_FIELDS = List.of("http", "grpc", "metrics");

	private static final List<String> ENV_FIELDS = List.of("name", "value");

	private static final List<String> SECRET_ENV_FIELDS = List.of("name", "secret", "key");

	private static final List<String> HPA_FIELDS = List.of("min", "max", "cpu", "memory");

	private static final List<String> ENVIRONMENT_FIELDS = List.of("replicas", "imageTag", "resources");

	private static final List<String> RESOURCES_FIELDS = List.of("requests", "limits");

	private static final List<String> QUANTITY_FIELDS = List.of("cpu", "memory");

	private final JsonMapper mapper = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	/**
	 * Reads a spec from a UTF-8 JSON body.
	 * @param json the request body
	 * @return the spec with defaults applied
	 * @throws SpecTooLargeException if the body exceeds {@link #MAX_BYTES}
	 * @throws SpecBindingException if the body is not a spec, listing every problem
	 */
	public ServiceSpec read(byte[] json) {
		if (json.length > MAX_BYTES) {
			throw new SpecTooLargeException(json.length);
		}
		return bind(parse(json));
	}

	/** Reads a spec from JSON text; see {@link #read(byte[])}. */
	public ServiceSpec read(String json) {
		return read(json.getBytes(StandardCharsets.UTF_8));
	}

	private JsonNode parse(byte[] json) {
		JsonNode root;
		try {
			root = this.mapper.readTree(json);
		}
		catch (StreamReadException ex) {
			throw new SpecBindingException(List.of(unreadable(ex)));
		}
		catch (JacksonException ex) {
			throw new SpecBindingException(List.of(new FieldError(FieldError.BODY, "is not valid JSON")));
		}
		if (root == null || !root.isObject()) {
			throw new SpecBindingException(List.of(new FieldError(FieldError.BODY, "must be a JSON object")));
		}
		return root;
	}

	// Jackson's own messages quote the offending token, which may be a secret: only the position
	// is kept.
	private static FieldError unreadable(StreamReadException ex) {
		JsonParser parser = ex.processor();
		if (ex.getOriginalMessage() != null && ex.getOriginalMessage().startsWith("Duplicate Object property")
				&& parser != null) {
			return new FieldError(path(parser.streamReadContext()), "is given more than once");
		}
		if (ex instanceof UnexpectedEndOfInputException) {
			return new FieldError(FieldError.BODY, "ends before the JSON is complete");
		}
		TokenStreamLocation location = ex.getLocation();
		if (location != null && location.getLineNr() > 0) {
			return new FieldError(FieldError.BODY, "is not valid JSON (line " + location.getLineNr() + ", column "
					+ location.getColumnNr() + ")");
		}
		return new FieldError(FieldError.BODY, "is not valid JSON");
	}

	private static String path(@Nullable TokenStreamContext context) {
		List<String> segments = new ArrayList<>();
		for (TokenStreamContext current = context; current != null && !current.inRoot(); current = current
			.getParent()) {
			if (current.inArray()) {
				segments.add(0, "[" + Math.max(current.getCurrentIndex(), 0) + "]");
			}
			else if (current.currentName() != null) {
				segments.add(0, "." + echoable(current.currentName()));
			}
		}
		String joined = String.join("", segments);
		return joined.startsWith(".") ? joined.substring(1) : (joined.isEmpty() ? FieldError.BODY : joined);
	}

	// Keys are user input too: a pasted secret must not come back in a field path.
	private static String echoable(String key) {
		if (SecretScanner.find(key).isPresent()) {
			return REDACTED_KEY;
		}
		return (key.length() <= MAX_ECHOED_KEY) ? key : key.substring(0, MAX_ECHOED_KEY) + "…";
	}

	private static ServiceSpec bind(JsonNode root) {
		Binding binding = new Binding();
		ServiceSpec spec = binding.spec(root);
		if (!binding.errors.isEmpty()) {
			throw new SpecBindingException(binding.errors);
		}
		return spec;
	}

	/**
	 * One walk over the tree. On an error it records the problem and carries on with a placeholder,
	 * so a single response lists everything; the placeholders never leave, since any error
	 * throws.
	 */
	private static final class Binding {

		private final List<FieldError> errors = new ArrayList<>();

		ServiceSpec spec(JsonNode root) {
			knownFields(root, "", SPEC_FIELDS);
			String name = requiredString(root, "", "name");
			String team = requiredString(root, "", "team");
			String component = requiredString(root, "", "component");
			String image = requiredString(root, "", "image");
			Ports ports = ports(root);
			String healthPath = optionalString(root, "", "healthPath", ServiceSpec.DEFAULT_HEALTH_PATH);
			String readyPath = optionalString(root, "", "readyPath", ServiceSpec.DEFAULT_READY_PATH);
			List<EnvVar> env = list(root, "env", (node, path) -> {
				knownFields(node, path, ENV_FIELDS);
				return new EnvVar(requiredString(node, path, "name"), requiredString(node, path, "value"));
			});
			List<SecretEnvVar> secretEnv = list(root, "secretEnv", (node, path) -> {
				knownFields(node, path, SECRET_ENV_FIELDS);
				return new SecretEnvVar(requiredString(node, path, "name"), requiredString(node, path, "secret"),
						requiredString(node, path, "key"));
			});
			List<String> dependencies = list(root, "dependencies", this::string);
			Hpa hpa = hpa(root);
			String ingressHost = optionalString(root, "", "ingressHost", null);
			String templatePack = optionalString(root, "", "templatePack", ServiceSpec.DEFAULT_TEMPLATE_PACK);
			Map<String, EnvironmentSpec> environments = environments(root, hpa);
			String language = optionalString(root, "", "language", null);
			return new ServiceSpec(name, team, component, image, ports, nonNull(healthPath), nonNull(readyPath), env,
					secretEnv, dependencies, hpa, ingressHost, nonNull(templatePack), environments, language);
		}

		private Ports ports(JsonNode root) {
			JsonNode ports = object(root, "", "ports", true);
			if (ports == null) {
				return new Ports(null, null, null);
			}
			knownFields(ports, "ports", PORT_FIELDS);
			return new Ports(optionalInt(ports, "ports", "http"), optionalInt(ports, "ports", "grpc"),
					optionalInt(ports, "ports", "metrics"));
		}

		private Hpa hpa(JsonNode root) {
			JsonNode hpa = object(root, "", "hpa", false);
			if (hpa == null) {
				return Hpa.DEFAULT;
			}
			knownFields(hpa, "hpa", HPA_FIELDS);
			Integer min = optionalInt(hpa, "hpa", "min");
			Integer max = optionalInt(hpa, "hpa", "max");
			Integer cpu = optionalInt(hpa, "hpa", "cpu");
			// Absent means the default; an explicit null means "do not scale on memory".
			Integer memory = hpa.has("memory") ? optionalInt(hpa, "hpa", "memory") : Hpa.DEFAULT.memory();
			return new Hpa((min != null) ? min : Hpa.DEFAULT.min(), (max != null) ? max : Hpa.DEFAULT.max(),
					(cpu != null) ? cpu : Hpa.DEFAULT.cpu(), memory);
		}

		private Map<String, EnvironmentSpec> environments(JsonNode root, Hpa hpa) {
			JsonNode environments = object(root, "", "environments", true);
			Map<String, EnvironmentSpec> bound = new LinkedHashMap<>();
			if (environments == null) {
				return bound;
			}
			for (Map.Entry<String, JsonNode> entry : environments.properties()) {
				String path = "environments." + echoable(entry.getKey());
				JsonNode environment = entry.getValue();
				if (!environment.isObject()) {
					error(path, "must be an object");
					continue;
				}
				knownFields(environment, path, ENVIRONMENT_FIELDS);
				Integer replicas = optionalInt(environment, path, "replicas");
				String imageTag = requiredString(environment, path, "imageTag");
				Resources resources = resources(environment, path);
				bound.put(entry.getKey(),
						new EnvironmentSpec((replicas != null) ? replicas : hpa.min(), imageTag, resources));
			}
			return bound;
		}

		private Resources resources(JsonNode environment, String path) {
			JsonNode resources = object(environment, path, "resources", true);
			String resourcesPath = path + ".resources";
			if (resources == null) {
				return new Resources(new ResourceQuantities("", ""), new ResourceQuantities("", ""));
			}
			knownFields(resources, resourcesPath, RESOURCES_FIELDS);
			return new Resources(quantities(resources, resourcesPath, "requests"),
					quantities(resources, resourcesPath, "limits"));
		}

		private ResourceQuantities quantities(JsonNode resources, String path, String field) {
			JsonNode quantities = object(resources, path, field, true);
			if (quantities == null) {
				return new ResourceQuantities("", "");
			}
			String quantitiesPath = path + "." + field;
			knownFields(quantities, quantitiesPath, QUANTITY_FIELDS);
			return new ResourceQuantities(quantity(quantities, quantitiesPath, "cpu"),
					quantity(quantities, quantitiesPath, "memory"));
		}

		// Quantities stay strings, as in the contract, so "500m" and 0.5 cannot both be written
		// for the same thing and the rendered YAML shows the developer's text.
		private String quantity(JsonNode parent, String path, String field) {
			JsonNode value = parent.get(field);
			if (value != null && value.isNumber()) {
				error(join(path, field), "must be a string quantity such as \"500m\" or \"1Gi\"");
				return "";
			}
			return requiredString(parent, path, field);
		}

		private <T> List<T> list(JsonNode root, String field, BiFunction<JsonNode, String, T> element) {
			JsonNode list = root.get(field);
			if (list == null || list.isNull()) {
				return List.of();
			}
			if (!list.isArray()) {
				error(field, "must be an array");
				return List.of();
			}
			List<T> bound = new ArrayList<>();
			for (int i = 0; i < list.size(); i++) {
				String path = field + "[" + i + "]";
				bound.add(element.apply(list.get(i), path));
			}
			return bound;
		}

		private String string(JsonNode node, String path) {
			if (!node.isString()) {
				error(path, "must be a string");
				return "";
			}
			return node.stringValue();
		}

		private @Nullable JsonNode object(JsonNode parent, String path, String field, boolean required) {
			JsonNode value = parent.get(field);
			if (value == null || value.isNull()) {
				if (required) {
					error(join(path, field), "is required");
				}
				return null;
			}
			if (!value.isObject()) {
				error(join(path, field), "must be an object");
				return null;
			}
			return value;
		}

		private String requiredString(JsonNode parent, String path, String field) {
			if (!parent.isObject()) {
				return "";
			}
			JsonNode value = parent.get(field);
			if (value == null || value.isNull()) {
				error(join(path, field), "is required");
				return "";
			}
			if (!value.isString()) {
				error(join(path, field), "must be a string");
				return "";
			}
			return value.stringValue();
		}

		private @Nullable String optionalString(JsonNode parent, String path, String field,
				@Nullable String fallback) {
			JsonNode value = parent.get(field);
			if (value == null || value.isNull()) {
				return fallback;
			}
			if (!value.isString()) {
				error(join(path, field), "must be a string");
				return fallback;
			}
			return value.stringValue();
		}

		private @Nullable Integer optionalInt(JsonNode parent, String path, String field) {
			JsonNode value = parent.get(field);
			if (value == null || value.isNull()) {
				return null;
			}
			if (!value.isIntegralNumber()) {
				error(join(path, field), "must be a whole number");
				return null;
			}
			BigInteger number = value.bigIntegerValue();
			if (number.bitLength() >= Integer.SIZE) {
				error(join(path, field), "is out of range");
				return null;
			}
			return number.intValue();
		}

		private void knownFields(JsonNode node, String path, List<String> known) {
			if (!node.isObject()) {
				error(path, "must be an object");
				return;
			}
			for (String field : node.propertyNames()) {
				if (!known.contains(field)) {
					error(join(path, echoable(field)), "is not a known field; known: " + String.join(", ", known));
				}
			}
		}

		private void error(String field, String message) {
			this.errors.add(new FieldError(field, message));
		}

		private static String join(String path, String field) {
			return path.isEmpty() ? field : path + "." + field;
		}

		private static String nonNull(@Nullable String value) {
			return (value != null) ? value : "";
		}

	}

}
