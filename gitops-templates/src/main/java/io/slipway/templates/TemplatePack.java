package io.slipway.templates;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.slipway.templates.Placeholders.Literal;
import io.slipway.templates.Placeholders.Part;
import io.slipway.templates.Placeholders.Ref;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * One template pack: a folder holding a {@code pack.yaml} manifest and the template files it lists.
 *
 * <p>Rendering is pure and deterministic: the same values give byte-identical files, in manifest
 * order (per-environment files in the order of {@code environments}). Instances are immutable and
 * safe to share between threads; load them once.
 *
 * <p>The values tree holds only {@code String}, {@code Number}, {@code Boolean}, {@code List},
 * {@code Map} (string keys) and null; the roots {@code pack}, {@code values} and {@code files} are
 * reserved for what the renderer provides (the pack's name and version, the whole values tree, the
 * list of rendered paths). The record file writes maps in their iteration order: pass ordered maps
 * ({@code LinkedHashMap}, as JSON mappers build them) for records that read like the spec.
 */
public final class TemplatePack {

	private static final Pattern PACK_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

	private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?");

	private static final Pattern PARAMETER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\[\\])?(\\.[A-Za-z0-9_]+(\\[\\])?)*");

	/** A rendered path segment; no separators, no dot-dot, so a value can never point outside its folder. */
	private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");

	private static final Set<String> RESERVED = Set.of("pack", "values", "files");

	/** Binds the element index of a manifest each; not a valid path, so no template can read it. */
	private static final String INDEX = "#index";

	private static final Set<String> MANIFEST_KEYS = Set.of("name", "version", "description", "parameters", "files");

	private static final Set<String> FILE_KEYS = Set.of("template", "path", "each", "as", "when", "format", "record");

	private static final Set<String> PARAMETER_KEYS = Set.of("name", "description", "optional");

	private final String name;

	private final String version;

	private final String description;

	private final List<PackParameter> parameters;

	private final List<FileEntry> files;

	private TemplatePack(String name, String version, String description, List<PackParameter> parameters,
			List<FileEntry> files) {
		this.name = name;
		this.version = version;
		this.description = description;
		this.parameters = parameters;
		this.files = files;
	}

	private record FileEntry(String template, List<Part> path, String each, String as, Condition when,
			boolean record, Object compiled) {
	}

	/** The pack's name, as {@code templatePack} in a service spec names it. */
	public String name() {
		return this.name;
	}

	/** The pack's semantic version; rendered files and the record carry it so older renders can be found. */
	public String version() {
		return this.version;
	}

	public String description() {
		return this.description;
	}

	/** Every value path the pack's templates read. */
	public List<PackParameter> parameters() {
		return this.parameters;
	}

	/**
	 * Where this pack writes its record file (pack, version, files and values used) for a service, so
	 * Slipway can find services rendered from an older version and re-render them.
	 * @throws RenderException when the name cannot be a path segment
	 */
	public String recordPath(String serviceName) {
		FileEntry record = this.files.stream().filter(FileEntry::record).findFirst().orElseThrow();
		Map<String, Object> roots = new LinkedHashMap<>();
		roots.put("service", Map.of("name", serviceName));
		return path(record, Scope.of(roots));
	}

	/**
	 * Renders every file of the pack for one service.
	 * @param values the values tree (see the module documentation for its keys)
	 * @return the files in manifest order, paths relative to the infra repository root
	 * @throws RenderException when a required value is missing, a value has the wrong shape, a
	 * placeholder is unknown, a path segment is unsafe, or two files would share a path
	 */
	public List<RenderedFile> render(Map<String, Object> values) {
		checkValues(values, "", 0);
		for (String reserved : RESERVED) {
			if (values.containsKey(reserved)) {
				throw new RenderException("the root key " + reserved + " is reserved", this.name, null, null,
						reserved);
			}
		}
		Map<String, Object> roots = new LinkedHashMap<>(values);
		roots.put("pack", Map.of("name", this.name, "version", this.version));
		roots.put("values", values);
		Scope scope = Scope.of(roots);
		checkRequired(scope);

		record Planned(FileEntry entry, Scope scope, String path) {
		}
		List<Planned> planned = new ArrayList<>();
		Set<String> paths = new HashSet<>();
		for (FileEntry entry : this.files) {
			List<Scope> scopes = new ArrayList<>();
			if (entry.each() == null) {
				scopes.add(scope);
			}
			else {
				Object list = scope.lookup(entry.each());
				if (list instanceof List<?> elements) {
					for (int index = 0; index < elements.size(); index++) {
						scopes.add(scope.bind(entry.as(), elements.get(index)).bind(INDEX, index));
					}
				}
				else if (list != Scope.MISSING && list != null) {
					throw new RenderException("each needs a list, but " + entry.each() + " is a "
							+ YamlTemplate.kind(list), this.name, entry.template(), null, entry.each());
				}
			}
			for (Scope fileScope : scopes) {
				if (entry.when() != null && !entry.when().test(fileScope)) {
					continue;
				}
				String path = path(entry, fileScope);
				if (!paths.add(path)) {
					throw new RenderException("two files render to " + path
							+ " (do two environments map onto the same overlay?)", this.name, entry.template(), null,
							entry.each() == null ? null : entry.each());
				}
				planned.add(new Planned(entry, fileScope, path));
			}
		}
		roots.put("files", planned.stream().map(Planned::path).toList());

		List<RenderedFile> rendered = new ArrayList<>(planned.size());
		for (Planned plan : planned) {
			String content = plan.entry().compiled() instanceof YamlTemplate yaml ? yaml.render(this.name, plan.scope())
					: ((TextTemplate) plan.entry().compiled()).render(this.name, plan.scope());
			rendered.add(new RenderedFile(plan.path(), content));
		}
		return List.copyOf(rendered);
	}

	private String path(FileEntry entry, Scope scope) {
		StringBuilder out = new StringBuilder();
		for (Part part : entry.path()) {
			if (part instanceof Literal literal) {
				out.append(literal.text());
				continue;
			}
			String ref = ((Ref) part).path();
			Object value = scope.lookup(ref);
			String text = value != null && value != Scope.MISSING && Scope.isScalar(value) ? Scope.text(value) : null;
			if (text == null || !SEGMENT.matcher(text).matches()) {
				throw new RenderException("the value of ${" + ref + "} cannot be part of a file path: it must start"
						+ " with a letter or digit and hold at most 253 letters, digits, '.', '_' and '-'", this.name,
						entry.template(), "path", field(ref, entry, scope));
			}
			out.append(text);
		}
		return out.toString();
	}

	/** The values-tree path behind a reference, e.g. {@code environments.1.name} for {@code env.name}. */
	private static String field(String ref, FileEntry entry, Scope scope) {
		if (entry.each() != null && (ref.equals(entry.as()) || ref.startsWith(entry.as() + "."))) {
			return entry.each() + "." + scope.lookup(INDEX) + ref.substring(entry.as().length());
		}
		return ref;
	}

	private void checkRequired(Scope scope) {
		for (PackParameter parameter : this.parameters) {
			if (parameter.optional() || parameter.name().contains("[]")) {
				continue;
			}
			Object value = scope.lookup(parameter.name());
			if (value == Scope.MISSING || value == null) {
				throw new RenderException("missing required value " + parameter.name(), this.name, null, null,
						parameter.name());
			}
		}
	}

	private void checkValues(Object value, String path, int depth) {
		if (depth > 32) {
			throw new RenderException("values nest deeper than 32 levels at " + path, this.name, null, null, path);
		}
		if (value instanceof Map<?, ?> map) {
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!(entry.getKey() instanceof String key)) {
					throw new RenderException("values keys must be text at " + path, this.name, null, null, path);
				}
				checkValues(entry.getValue(), path.isEmpty() ? key : path + "." + key, depth + 1);
			}
		}
		else if (value instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				checkValues(list.get(i), path + "." + i, depth + 1);
			}
		}
		else if (value != null && !Scope.isScalar(value)) {
			throw new RenderException("unsupported value type " + value.getClass().getSimpleName() + " at " + path
					+ " (values hold text, numbers, booleans, lists and maps)", this.name, null, null, path);
		}
	}

	/**
	 * Loads a pack through {@code reader}, which maps a path relative to the pack folder to its content
	 * (or null when absent).
	 */
	static TemplatePack load(String folder, Function<String, String> reader) {
		String manifestText = reader.apply("pack.yaml");
		if (manifestText == null) {
			throw new RenderException("no pack.yaml", folder, null, null, null);
		}
		Map<String, Object> manifest;
		try {
			Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(manifestText);
			if (!(loaded instanceof Map)) {
				throw new RenderException("pack.yaml must be a mapping", folder, "pack.yaml", null, null);
			}
			manifest = cast(loaded);
		}
		catch (YAMLException ex) {
			throw new RenderException("pack.yaml is not valid YAML: " + ex.getMessage(), folder, "pack.yaml", null,
					null);
		}
		ManifestReader read = new ManifestReader(folder);
		read.keys(manifest, MANIFEST_KEYS, "");
		String name = read.text(manifest, "name", true);
		if (!PACK_NAME.matcher(name).matches() || !name.equals(folder)) {
			throw read.fail("name must be a DNS label equal to the folder name " + folder, "name");
		}
		String version = read.text(manifest, "version", true);
		if (!VERSION.matcher(version).matches()) {
			throw read.fail("version must be a semantic version such as 1.0.0", "version");
		}
		String description = read.text(manifest, "description", false);

		List<PackParameter> parameters = new ArrayList<>();
		for (Map<String, Object> item : read.list(manifest, "parameters")) {
			read.keys(item, PARAMETER_KEYS, "parameters");
			String parameter = read.text(item, "name", true);
			if (!PARAMETER.matcher(parameter).matches()) {
				throw read.fail("parameter name must be a dotted path, [] marking list elements: " + parameter,
						"parameters");
			}
			Object optional = item.getOrDefault("optional", false);
			if (!(optional instanceof Boolean)) {
				throw read.fail("optional must be true or false", "parameters." + parameter);
			}
			parameters.add(new PackParameter(parameter, (Boolean) optional, read.text(item, "description", false)));
		}

		List<FileEntry> files = new ArrayList<>();
		for (Map<String, Object> item : read.list(manifest, "files")) {
			read.keys(item, FILE_KEYS, "files");
			files.add(read.file(item, reader, parameters));
		}
		if (files.stream().filter(FileEntry::record).count() != 1) {
			throw read.fail("exactly one file must be marked record: true", "files");
		}
		FileEntry record = files.stream().filter(FileEntry::record).findFirst().orElseThrow();
		if (record.each() != null || record.when() != null || !Placeholders.references(record.path())
			.stream()
			.allMatch("service.name"::equals)) {
			throw read.fail("the record file is written once per service; its path may only use ${service.name}",
					"files");
		}
		return new TemplatePack(name, version, description == null ? "" : description, List.copyOf(parameters),
				List.copyOf(files));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> cast(Object map) {
		return (Map<String, Object>) map;
	}

	private static final class ManifestReader {

		private final String pack;

		ManifestReader(String pack) {
			this.pack = pack;
		}

		RenderException fail(String reason, String location) {
			return new RenderException(reason, this.pack, "pack.yaml", location, null);
		}

		void keys(Map<String, Object> map, Set<String> allowed, String location) {
			for (String key : map.keySet()) {
				if (!allowed.contains(key)) {
					throw fail("unknown key " + key + " (allowed: " + String.join(", ", allowed.stream().sorted().toList())
							+ ")", location);
				}
			}
		}

		String text(Map<String, Object> map, String key, boolean required) {
			Object value = map.get(key);
			if (value == null) {
				if (required) {
					throw fail("missing " + key, key);
				}
				return null;
			}
			if (!(value instanceof String) && !(value instanceof Number)) {
				throw fail(key + " must be text", key);
			}
			return value.toString().strip();
		}

		List<Map<String, Object>> list(Map<String, Object> map, String key) {
			Object value = map.get(key);
			if (value == null) {
				return List.of();
			}
			if (!(value instanceof List<?> list) || !list.stream().allMatch(Map.class::isInstance)) {
				throw fail(key + " must be a list of mappings", key);
			}
			return list.stream().map(TemplatePack::cast).toList();
		}

		FileEntry file(Map<String, Object> item, Function<String, String> reader, List<PackParameter> parameters) {
			String template = text(item, "template", true);
			if (template.startsWith("/") || template.contains("..") || template.contains("\\")) {
				throw fail("template must be a path inside the pack: " + template, "files");
			}
			String location = "files[" + template + "]";
			String pathText = text(item, "path", true);
			List<Part> path;
			try {
				path = Placeholders.parse(pathText);
			}
			catch (IllegalArgumentException ex) {
				throw fail(ex.getMessage(), location);
			}
			if (pathText.startsWith("/") || pathText.contains("..") || pathText.contains("//")) {
				throw fail("path must be relative and stay inside the repository: " + pathText, location);
			}
			String each = text(item, "each", false);
			String as = text(item, "as", false);
			if (as != null && each == null) {
				throw fail("as needs each", location);
			}
			if (each != null && !Placeholders.PATH.matcher(each).matches()) {
				throw fail("each must be a dotted path: " + each, location);
			}
			if (as == null) {
				as = "item";
			}
			if (RESERVED.contains(as) || !Placeholders.PATH.matcher(as).matches() || as.contains(".")) {
				throw fail("as must be a simple name other than pack, values or files: " + as, location);
			}
			Condition when = null;
			String whenText = text(item, "when", false);
			if (whenText != null) {
				try {
					when = Condition.parse(whenText);
				}
				catch (IllegalArgumentException ex) {
					throw fail(ex.getMessage(), location);
				}
			}
			String format = text(item, "format", false);
			if (format == null) {
				format = template.endsWith(".yaml") || template.endsWith(".yml") ? "yaml" : "text";
			}
			if (!format.equals("yaml") && !format.equals("text")) {
				throw fail("format must be yaml or text", location);
			}
			Object recordFlag = item.getOrDefault("record", false);
			if (!(recordFlag instanceof Boolean)) {
				throw fail("record must be true or false", location);
			}
			String content = reader.apply(template);
			if (content == null) {
				throw fail("template file " + template + " does not exist", location);
			}
			Map<String, String> bindings = each == null ? Map.of() : Map.of(as, each + "[]");
			Object compiled;
			List<YamlTemplate.Reference> references = new ArrayList<>();
			if (format.equals("yaml")) {
				YamlTemplate yaml = YamlTemplate.parse(this.pack, template, content, bindings);
				references.addAll(yaml.references());
				compiled = yaml;
			}
			else {
				TextTemplate text = TextTemplate.parse(this.pack, template, content, bindings);
				references.addAll(text.references());
				compiled = text;
			}
			if (each != null) {
				references.add(new YamlTemplate.Reference(each, location));
			}
			if (when != null) {
				for (String whenPath : when.paths()) {
					references.add(new YamlTemplate.Reference(YamlTemplate.normalize(whenPath, bindings), location));
				}
			}
			for (String pathRef : Placeholders.references(path)) {
				references.add(new YamlTemplate.Reference(YamlTemplate.normalize(pathRef, bindings), location));
			}
			for (YamlTemplate.Reference reference : references) {
				if (!declared(reference.path(), parameters)) {
					throw new RenderException("${" + reference.path()
							+ "} is read but not declared under parameters in pack.yaml", this.pack, template,
							reference.location(), null);
				}
			}
			return new FileEntry(template, path, each, as, when, (Boolean) recordFlag, compiled);
		}

		private static boolean declared(String path, List<PackParameter> parameters) {
			if (path.equals("pack.name") || path.equals("pack.version") || path.equals("values")
					|| path.equals("files")) {
				return true;
			}
			for (PackParameter parameter : parameters) {
				String name = parameter.name();
				if (name.equals(path) || name.startsWith(path + ".") || name.startsWith(path + "[]")) {
					return true;
				}
			}
			return false;
		}

	}

}
