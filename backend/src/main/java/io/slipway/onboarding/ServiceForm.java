package io.slipway.onboarding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.MultiValueMap;

/**
 * What the onboarding form holds, exactly as typed, so a refused form comes back with every value
 * the developer entered. Inputs are named after the spec's JSON field paths ({@code ports.http},
 * {@code environments.staging.resources.limits.cpu}, {@code env[2].name}), so a
 * {@link FieldError} from the reader or the validator lands next to the input it is about.
 * <p>
 * The form becomes a spec through the same reader and validator the API uses ({@link #toJson()}).
 * A number input holding something else ("80a") is the form's own problem ({@link #typeErrors()})
 * and is left out of the JSON, so the validator still judges every other field and the developer
 * sees all problems at once. Blank rows of the repeatable variable tables are left out too; the
 * row numbers of the JSON therefore differ from the form's, and {@link #inputName(String)} maps
 * them back.
 */
final class ServiceForm {

	/** Blank rows offered for plain variables, so the form works without JavaScript. */
	static final int MIN_ENV_ROWS = 5;

	/** Blank rows offered for secret variables. */
	static final int MIN_SECRET_ROWS = 3;

	/** Upper bound on rows read back from a submitted form; the spec reader limits the size anyway. */
	static final int MAX_ROWS = 200;

	/** The form field holding the service's source repository; not part of the spec. */
	static final String SOURCE_REPOSITORY = "sourceRepository";

	static final String DEPENDENCIES = "dependencies";

	private static final Pattern ROW = Pattern.compile("^(env|secretEnv)\\[(\\d+)\\]\\.(name|value|secret|key)$");

	private static final Pattern LIST_PATH = Pattern.compile("^(env|secretEnv)\\[(\\d+)\\](.*)$");

	// at most nine digits: always an int, and no port, replica count or percentage needs more
	private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d{1,9}");

	private static final Pattern NUMBER_INPUTS = Pattern
		.compile("ports\\.(http|grpc|metrics)|hpa\\.(min|max|cpu|memory)|environments\\.[^.]+\\.replicas");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<String> environments;

	private final Map<String, String> values;

	private final Set<String> dependencies;

	private final int envRows;

	private final int secretRows;

	private ServiceForm(List<String> environments, Map<String, String> values, Set<String> dependencies,
			int envRows, int secretRows) {
		this.environments = List.copyOf(environments);
		this.values = values;
		this.dependencies = dependencies;
		this.envRows = envRows;
		this.secretRows = secretRows;
	}

	/**
	 * A new form with the defaults a typical backend starts from: the contract's example resources,
	 * the services guide's probe paths, one replica in the first environments and two in the last.
	 */
	static ServiceForm defaults(List<String> environments) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("name", "");
		values.put("team", "");
		values.put("component", "backend");
		values.put("image", "");
		values.put("ports.http", "8080");
		values.put("ports.grpc", "");
		values.put("ports.metrics", "");
		values.put("healthPath", ServiceSpec.DEFAULT_HEALTH_PATH);
		values.put("readyPath", ServiceSpec.DEFAULT_READY_PATH);
		values.put("hpa.min", String.valueOf(ServiceSpec.Hpa.DEFAULT.min()));
		values.put("hpa.max", String.valueOf(ServiceSpec.Hpa.DEFAULT.max()));
		values.put("hpa.cpu", String.valueOf(ServiceSpec.Hpa.DEFAULT.cpu()));
		values.put("hpa.memory", String.valueOf(ServiceSpec.Hpa.DEFAULT.memory()));
		values.put("ingressHost", "");
		values.put("templatePack", ServiceSpec.DEFAULT_TEMPLATE_PACK);
		values.put("language", "");
		values.put(SOURCE_REPOSITORY, "");
		for (int i = 0; i < environments.size(); i++) {
			boolean last = i == environments.size() - 1 && environments.size() > 1;
			String prefix = "environments." + environments.get(i) + ".";
			values.put(prefix + "replicas", last ? "2" : "1");
			values.put(prefix + "imageTag", "");
			values.put(prefix + "resources.requests.cpu", last ? "200m" : "100m");
			values.put(prefix + "resources.requests.memory", last ? "256Mi" : "128Mi");
			values.put(prefix + "resources.limits.cpu", last ? "1" : "500m");
			values.put(prefix + "resources.limits.memory", last ? "1Gi" : "512Mi");
		}
		return new ServiceForm(environments, values, new LinkedHashSet<>(), MIN_ENV_ROWS, MIN_SECRET_ROWS);
	}

	/**
	 * The form as submitted. Unknown fields (the CSRF token, buttons) are ignored; missing ones
	 * are empty.
	 */
	static ServiceForm of(MultiValueMap<String, String> submitted, List<String> environments) {
		ServiceForm blank = defaults(environments);
		Map<String, String> values = new LinkedHashMap<>();
		for (String name : blank.values.keySet()) {
			values.put(name, first(submitted, name));
		}
		int envRows = 0;
		int secretRows = 0;
		for (String name : submitted.keySet()) {
			Matcher row = ROW.matcher(name);
			if (row.matches()) {
				int index = Integer.parseInt(row.group(2));
				if (index >= MAX_ROWS) {
					continue;
				}
				values.put(name, first(submitted, name));
				if (row.group(1).equals("env")) {
					envRows = Math.max(envRows, index + 1);
				}
				else {
					secretRows = Math.max(secretRows, index + 1);
				}
			}
		}
		List<String> checked = submitted.getOrDefault(DEPENDENCIES, List.of());
		Set<String> dependencies = new LinkedHashSet<>();
		for (String dependency : ServiceSpecValidator.DEPENDENCIES) {
			if (checked.contains(dependency)) {
				dependencies.add(dependency);
			}
		}
		// checkboxes only send what is known; anything else posted would be refused by the validator
		checked.stream().filter((value) -> !value.isBlank()).forEach(dependencies::add);
		return new ServiceForm(environments, values, dependencies,
				Math.min(MAX_ROWS, Math.max(MIN_ENV_ROWS, envRows)),
				Math.min(MAX_ROWS, Math.max(MIN_SECRET_ROWS, secretRows)));
	}

	/**
	 * The same form with more blank rows for variables ({@code env} or {@code secretEnv}).
	 */
	ServiceForm withExtraRow(String table) {
		return new ServiceForm(this.environments, new LinkedHashMap<>(this.values), new LinkedHashSet<>(this.dependencies),
				table.equals("env") ? Math.min(MAX_ROWS, this.envRows + 1) : this.envRows,
				table.equals("secretEnv") ? Math.min(MAX_ROWS, this.secretRows + 1) : this.secretRows);
	}

	/**
	 * The same form with some values replaced, e.g. the port a language detection proposed.
	 */
	ServiceForm with(Map<String, String> replacements) {
		Map<String, String> values = new LinkedHashMap<>(this.values);
		values.putAll(replacements);
		return new ServiceForm(this.environments, values, new LinkedHashSet<>(this.dependencies), this.envRows,
				this.secretRows);
	}

	/** The value of an input as typed; empty for none. */
	public String get(String name) {
		return this.values.getOrDefault(name, "");
	}

	/** The service name typed, trimmed. */
	String serviceName() {
		return get("name").strip();
	}

	public boolean dependsOn(String dependency) {
		return this.dependencies.contains(dependency);
	}

	/** The configured environments, in promotion order: one column each. */
	public List<String> environments() {
		return this.environments;
	}

	/**
	 * Every input that can show an error, in page order: the spec's fields, each variable row's
	 * fields and the dependencies.
	 */
	List<String> inputNames() {
		List<String> names = new ArrayList<>();
		this.values.keySet()
			.stream()
			.filter((name) -> !ROW.matcher(name).matches() && !name.equals(SOURCE_REPOSITORY))
			.forEach(names::add);
		for (int index : envRows()) {
			names.add("env[" + index + "].name");
			names.add("env[" + index + "].value");
		}
		for (int index : secretRows()) {
			names.add("secretEnv[" + index + "].name");
			names.add("secretEnv[" + index + "].secret");
			names.add("secretEnv[" + index + "].key");
		}
		names.add(DEPENDENCIES);
		return names;
	}

	/** Row indexes of the plain variables table. */
	public List<Integer> envRows() {
		return range(this.envRows);
	}

	/** Row indexes of the secret variables table. */
	public List<Integer> secretRows() {
		return range(this.secretRows);
	}

	/**
	 * Every value, as hidden inputs carrying the form from the preview to the submit (and back to
	 * the form), blank rows left out.
	 */
	public List<Map.Entry<String, String>> hiddenFields() {
		List<Map.Entry<String, String>> fields = new ArrayList<>();
		this.values.forEach((name, value) -> {
			if (!ROW.matcher(name).matches() || !rowIsBlank(name)) {
				fields.add(Map.entry(name, value));
			}
		});
		this.dependencies.forEach((dependency) -> fields.add(Map.entry(DEPENDENCIES, dependency)));
		return fields;
	}

	/**
	 * The spec's JSON, for {@link ServiceSpecReader}. Text goes in as typed (trimmed), so the
	 * validator names a blank required field; a blank ingress host means none. Blank numbers are
	 * left out and take the reader's defaults, except the memory target, where blank means "scale
	 * on CPU only". Numbers that do not parse are left out: see {@link #typeErrors()}.
	 */
	String toJson() {
		Map<String, Object> spec = new LinkedHashMap<>();
		spec.put("name", text("name"));
		spec.put("team", text("team"));
		spec.put("component", text("component"));
		spec.put("image", text("image"));
		Map<String, Object> ports = new LinkedHashMap<>();
		number(ports, "http", "ports.http");
		number(ports, "grpc", "ports.grpc");
		number(ports, "metrics", "ports.metrics");
		spec.put("ports", ports);
		spec.put("healthPath", text("healthPath"));
		spec.put("readyPath", text("readyPath"));
		spec.put("env", rows("env", List.of("name", "value")));
		spec.put("secretEnv", rows("secretEnv", List.of("name", "secret", "key")));
		spec.put("dependencies", List.copyOf(this.dependencies));
		Map<String, Object> hpa = new LinkedHashMap<>();
		number(hpa, "min", "hpa.min");
		number(hpa, "max", "hpa.max");
		number(hpa, "cpu", "hpa.cpu");
		if (text("hpa.memory").isEmpty()) {
			hpa.put("memory", null);
		}
		else {
			number(hpa, "memory", "hpa.memory");
		}
		spec.put("hpa", hpa);
		if (!text("ingressHost").isEmpty()) {
			spec.put("ingressHost", text("ingressHost"));
		}
		spec.put("templatePack", text("templatePack"));
		if (!text("language").isEmpty()) {
			spec.put("language", text("language"));
		}
		Map<String, Object> environments = new LinkedHashMap<>();
		for (String environment : this.environments) {
			String prefix = "environments." + environment + ".";
			Map<String, Object> settings = new LinkedHashMap<>();
			number(settings, "replicas", prefix + "replicas");
			settings.put("imageTag", text(prefix + "imageTag"));
			Map<String, Object> requests = new LinkedHashMap<>();
			requests.put("cpu", text(prefix + "resources.requests.cpu"));
			requests.put("memory", text(prefix + "resources.requests.memory"));
			Map<String, Object> limits = new LinkedHashMap<>();
			limits.put("cpu", text(prefix + "resources.limits.cpu"));
			limits.put("memory", text(prefix + "resources.limits.memory"));
			settings.put("resources", Map.of("requests", requests, "limits", limits));
			environments.put(environment, settings);
		}
		spec.put("environments", environments);
		return JSON.writeValueAsString(spec);
	}

	/**
	 * Number inputs holding something other than a whole number, named as the spec's fields; they
	 * are left out of {@link #toJson()}.
	 */
	List<FieldError> typeErrors() {
		List<FieldError> errors = new ArrayList<>();
		for (String name : this.values.keySet()) {
			if (NUMBER_INPUTS.matcher(name).matches() && !text(name).isEmpty() && !WHOLE_NUMBER.matcher(text(name)).matches()) {
				errors.add(new FieldError(name, "must be a whole number"));
			}
		}
		return errors;
	}

	/**
	 * The input a field path of a {@link FieldError} is about: the input of that name, else the
	 * first input inside it ({@code ports} → {@code ports.http}), with the row numbers of
	 * {@link #toJson()} turned back into the form's. Empty for errors about the spec as a whole.
	 */
	Optional<String> inputName(String field) {
		String name = formPath(field);
		if (name.equals(DEPENDENCIES) || name.startsWith(DEPENDENCIES + "[")) {
			return Optional.of(DEPENDENCIES);
		}
		if (this.values.containsKey(name)) {
			return Optional.of(name);
		}
		for (String input : this.values.keySet()) {
			if (input.startsWith(name + ".") || input.startsWith(name + "[")) {
				return Optional.of(input);
			}
		}
		return Optional.empty();
	}

	/** The id of an input in the page. */
	public String inputId(String name) {
		return id("f-", name);
	}

	/** The id of the element holding an input's error messages. */
	public String errorId(String name) {
		return id("e-", name);
	}

	/** An element id derived from an input name: its name with anything but letters and digits as "-". */
	static String id(String prefix, String name) {
		return prefix + name.replaceAll("[^A-Za-z0-9_-]", "-");
	}

	private String formPath(String field) {
		Matcher list = LIST_PATH.matcher(field);
		if (!list.matches()) {
			return field;
		}
		String table = list.group(1);
		List<Integer> kept = keptRows(table);
		int index = Integer.parseInt(list.group(2));
		return (index < kept.size()) ? table + "[" + kept.get(index) + "]" + list.group(3) : table;
	}

	private List<Map<String, Object>> rows(String table, List<String> columns) {
		List<Map<String, Object>> rows = new ArrayList<>();
		for (int index : keptRows(table)) {
			Map<String, Object> row = new LinkedHashMap<>();
			for (String column : columns) {
				// kept as typed apart from surrounding blanks: values are literal
				row.put(column, column.equals("value") ? get(table + "[" + index + "]." + column)
						: get(table + "[" + index + "]." + column).strip());
			}
			rows.add(row);
		}
		return rows;
	}

	private List<Integer> keptRows(String table) {
		int count = table.equals("env") ? this.envRows : this.secretRows;
		List<Integer> kept = new ArrayList<>();
		for (int index = 0; index < count; index++) {
			if (!rowIsBlank(table + "[" + index + "].name")) {
				kept.add(index);
			}
		}
		return kept;
	}

	private boolean rowIsBlank(String inputName) {
		Matcher row = ROW.matcher(inputName);
		if (!row.matches()) {
			return false;
		}
		String prefix = row.group(1) + "[" + row.group(2) + "].";
		List<String> columns = row.group(1).equals("env") ? List.of("name", "value") : List.of("name", "secret", "key");
		return columns.stream().allMatch((column) -> get(prefix + column).isBlank());
	}

	private String text(String name) {
		return get(name).strip();
	}

	private void number(Map<String, Object> target, String key, String name) {
		String value = text(name);
		if (WHOLE_NUMBER.matcher(value).matches()) {
			target.put(key, Integer.parseInt(value));
		}
	}

	private static String first(MultiValueMap<String, String> submitted, String name) {
		@Nullable String value = submitted.getFirst(name);
		return (value != null) ? value : "";
	}

	private static List<Integer> range(int count) {
		List<Integer> indexes = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			indexes.add(i);
		}
		return indexes;
	}

}
