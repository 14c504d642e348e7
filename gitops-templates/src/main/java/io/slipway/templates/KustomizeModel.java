package io.slipway.templates;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A structural stand-in for {@code kustomize build} over in-memory files: it follows resources and
 * patches, applies strategic-merge patches (lists of named items merge by name), the namespace, the
 * images and the labels. It exists so the checks can run everywhere, without a kubectl binary, and
 * report which reference is broken rather than only that a build failed.
 */
final class KustomizeModel {

	private static final List<String> KUSTOMIZATION_NAMES = List.of("kustomization.yaml", "kustomization.yml",
			"Kustomization");

	private final Map<String, List<Map<String, Object>>> documents;

	KustomizeModel(Map<String, List<Map<String, Object>>> documents) {
		this.documents = documents;
	}

	/** One object a build produced, with the file it came from. */
	record BuiltObject(String kind, String name, Map<String, Object> tree, String source) {

		String describe() {
			return this.kind + " " + this.name;
		}

	}

	/** A patch document as the kustomization that applies it names it. */
	record Patch(String file, Map<String, Object> document, Map<String, Object> targetBefore) {
	}

	/** What building one kustomization directory gave. */
	record Build(String directory, Map<String, Object> kustomization, List<BuiltObject> objects, List<Patch> patches,
			List<String> problems) {
	}

	/** The path of the kustomization file in a directory, or null when it has none. */
	String kustomizationFile(String directory) {
		for (String name : KUSTOMIZATION_NAMES) {
			String path = directory.isEmpty() ? name : directory + "/" + name;
			if (this.documents.containsKey(path)) {
				return path;
			}
		}
		return null;
	}

	/** Every file a kustomization lists under patches (or patchesStrategicMerge), so checks can skip them. */
	Set<String> patchFiles() {
		Set<String> files = new LinkedHashSet<>();
		for (Map.Entry<String, List<Map<String, Object>>> entry : this.documents.entrySet()) {
			if (!isKustomizationPath(entry.getKey())) {
				continue;
			}
			String directory = parent(entry.getKey());
			for (Map<String, Object> kustomization : entry.getValue()) {
				for (Map<String, Object> patch : Trees.maps(kustomization.get("patches"))) {
					if (Trees.text(patch.get("path")) != null) {
						files.add(resolve(directory, Trees.text(patch.get("path"))));
					}
				}
				for (Object patch : Trees.list(kustomization.get("patchesStrategicMerge"))) {
					if (patch instanceof String path) {
						files.add(resolve(directory, path));
					}
				}
			}
		}
		return files;
	}

	static boolean isKustomizationPath(String path) {
		String name = path.substring(path.lastIndexOf('/') + 1);
		return KUSTOMIZATION_NAMES.contains(name);
	}

	Build build(String directory) {
		return build(directory, new LinkedHashSet<>());
	}

	private Build build(String directory, Set<String> visiting) {
		List<String> problems = new ArrayList<>();
		List<BuiltObject> objects = new ArrayList<>();
		List<Patch> patches = new ArrayList<>();
		String file = kustomizationFile(directory);
		if (file == null) {
			problems.add(directory + " has no kustomization.yaml");
			return new Build(directory, Map.of(), objects, patches, problems);
		}
		if (!visiting.add(directory)) {
			problems.add(file + " includes itself through its resources");
			return new Build(directory, Map.of(), objects, patches, problems);
		}
		Map<String, Object> kustomization = this.documents.get(file).isEmpty() ? Map.of()
				: this.documents.get(file).get(0);

		for (Object entry : Trees.list(kustomization.get("resources"))) {
			String resource = Trees.text(entry);
			if (resource == null) {
				problems.add(file + ": a resources entry is not a path");
				continue;
			}
			String target = resolve(directory, resource);
			if (this.documents.containsKey(target) && !isKustomizationPath(target)) {
				for (Map<String, Object> document : this.documents.get(target)) {
					String kind = Trees.text(document.get("kind"));
					String name = Trees.text(Trees.at(document, "metadata", "name"));
					if (kind == null || name == null) {
						problems.add(file + ": resource " + resource + " holds a document without kind or metadata.name");
						continue;
					}
					objects.add(new BuiltObject(kind, name, Trees.deepCopy(document), target));
				}
			}
			else if (kustomizationFile(target) != null) {
				Build inner = build(target, visiting);
				problems.addAll(inner.problems());
				objects.addAll(inner.objects());
			}
			else {
				problems.add(file + ": resource " + resource + " does not exist (no file " + target
						+ " and no kustomization in it)");
			}
		}

		List<PatchSource> sources = new ArrayList<>();
		for (Map<String, Object> patch : Trees.maps(kustomization.get("patches"))) {
			String path = Trees.text(patch.get("path"));
			Map<String, Object> target = Trees.map(patch.get("target"));
			if (path != null) {
				String resolved = resolve(directory, path);
				if (!this.documents.containsKey(resolved)) {
					problems.add(file + ": patch " + path + " does not exist");
					continue;
				}
				sources.add(new PatchSource(resolved, this.documents.get(resolved), target));
			}
			else if (patch.get("patch") instanceof String inline) {
				sources.add(new PatchSource(file + " (inline patch)", parseInline(inline, file, problems), target));
			}
			else {
				problems.add(file + ": a patches entry has neither path nor patch");
			}
		}
		for (Object path : Trees.list(kustomization.get("patchesStrategicMerge"))) {
			String resolved = resolve(directory, String.valueOf(path));
			if (!this.documents.containsKey(resolved)) {
				problems.add(file + ": patch " + path + " does not exist");
				continue;
			}
			sources.add(new PatchSource(resolved, this.documents.get(resolved), Map.of()));
		}
		for (PatchSource source : sources) {
			applyPatches(source, objects, patches, problems);
		}

		String namespace = Trees.text(kustomization.get("namespace"));
		if (namespace != null) {
			for (BuiltObject object : objects) {
				Trees.ensure(object.tree(), "metadata").put("namespace", namespace);
			}
		}
		for (Map<String, Object> image : Trees.maps(kustomization.get("images"))) {
			applyImage(image, objects);
		}
		for (Map<String, Object> labels : Trees.maps(kustomization.get("labels"))) {
			applyLabels(labels, objects);
		}
		visiting.remove(directory);
		return new Build(directory, kustomization, objects, patches, problems);
	}

	private record PatchSource(String file, List<Map<String, Object>> documents, Map<String, Object> target) {
	}

	private void applyPatches(PatchSource source, List<BuiltObject> objects, List<Patch> patches,
			List<String> problems) {
		for (Map<String, Object> document : source.documents()) {
			String kind = Trees.text(source.target().get("kind"));
			String name = Trees.text(source.target().get("name"));
			if (kind == null) {
				kind = Trees.text(document.get("kind"));
			}
			if (name == null) {
				name = Trees.text(Trees.at(document, "metadata", "name"));
			}
			if (kind == null || name == null) {
				problems.add(source.file() + ": a patch names no kind and metadata.name to target");
				continue;
			}
			BuiltObject target = null;
			for (BuiltObject object : objects) {
				if (object.kind().equals(kind) && object.name().equals(name)) {
					target = object;
				}
			}
			if (target == null) {
				problems.add(source.file() + ": patch targets " + kind + " " + name
						+ ", which the kustomization's resources do not define");
				continue;
			}
			patches.add(new Patch(source.file(), document, Trees.deepCopy(target.tree())));
			merge(target.tree(), document);
		}
	}

	private static List<Map<String, Object>> parseInline(String inline, String file, List<String> problems) {
		List<Map<String, Object>> documents = new ArrayList<>();
		try {
			for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(inline)) {
				if (document instanceof Map) {
					documents.add(Trees.map(document));
				}
			}
		}
		catch (YAMLException ex) {
			problems.add(file + ": an inline patch is not valid YAML");
		}
		return documents;
	}

	/** Strategic merge as far as these checks need it: maps merge, lists of named maps merge by name. */
	static void merge(Map<String, Object> target, Map<String, Object> patch) {
		for (Map.Entry<String, Object> entry : patch.entrySet()) {
			Object current = target.get(entry.getKey());
			Object incoming = entry.getValue();
			if (current instanceof Map && incoming instanceof Map) {
				merge(Trees.map(current), Trees.map(incoming));
			}
			else if (isNamedList(current) && isNamedList(incoming)) {
				List<Object> merged = new ArrayList<>(Trees.list(current));
				for (Map<String, Object> item : Trees.maps(incoming)) {
					Map<String, Object> existing = byName(merged, item.get("name"));
					if (existing == null) {
						merged.add(Trees.deepCopy(item));
					}
					else {
						merge(existing, item);
					}
				}
				target.put(entry.getKey(), merged);
			}
			else {
				target.put(entry.getKey(), Trees.deepCopy(incoming));
			}
		}
	}

	static boolean isNamedList(Object value) {
		return value instanceof List<?> list && !list.isEmpty()
				&& list.stream().allMatch(item -> item instanceof Map<?, ?> map && map.get("name") != null);
	}

	static Map<String, Object> byName(List<Object> items, Object name) {
		for (Object item : items) {
			if (item instanceof Map<?, ?> map && name != null && name.equals(map.get("name"))) {
				return Trees.map(item);
			}
		}
		return null;
	}

	private static void applyImage(Map<String, Object> image, List<BuiltObject> objects) {
		String name = Trees.text(image.get("name"));
		if (name == null) {
			return;
		}
		for (BuiltObject object : objects) {
			for (Map<String, Object> container : containers(object.tree())) {
				String current = Trees.text(container.get("image"));
				if (current == null || !imageName(current).equals(name)) {
					continue;
				}
				String newName = Trees.text(image.get("newName"));
				String newTag = Trees.text(image.get("newTag"));
				String tag = current.contains("@") || imageName(current).length() == current.length() ? null
						: current.substring(imageName(current).length() + 1);
				String updated = (newName != null ? newName : name) + (newTag != null ? ":" + newTag
						: tag != null ? ":" + tag : "");
				container.put("image", updated);
			}
		}
	}

	private static void applyLabels(Map<String, Object> labels, List<BuiltObject> objects) {
		boolean templates = Boolean.TRUE.equals(labels.get("includeTemplates"))
				|| Boolean.TRUE.equals(labels.get("includeSelectors"));
		for (BuiltObject object : objects) {
			for (Map.Entry<String, Object> pair : Trees.map(labels.get("pairs")).entrySet()) {
				Trees.ensure(object.tree(), "metadata", "labels").put(pair.getKey(), pair.getValue());
				if (templates && Trees.at(object.tree(), "spec", "template") instanceof Map) {
					Trees.ensure(object.tree(), "spec", "template", "metadata", "labels")
						.put(pair.getKey(), pair.getValue());
				}
			}
		}
	}

	/** The containers (and init containers) of a workload's pod template. */
	static List<Map<String, Object>> containers(Map<String, Object> workload) {
		List<Map<String, Object>> containers = new ArrayList<>(
				Trees.maps(Trees.at(workload, "spec", "template", "spec", "containers")));
		containers.addAll(Trees.maps(Trees.at(workload, "spec", "template", "spec", "initContainers")));
		return containers;
	}

	/** An image reference without its tag or digest. */
	static String imageName(String image) {
		String name = image;
		int at = name.indexOf('@');
		if (at >= 0) {
			name = name.substring(0, at);
		}
		int colon = name.lastIndexOf(':');
		if (colon > name.lastIndexOf('/')) {
			name = name.substring(0, colon);
		}
		return name;
	}

	static String parent(String path) {
		int slash = path.lastIndexOf('/');
		return slash < 0 ? "" : path.substring(0, slash);
	}

	/** A kustomization-relative path resolved against its directory, with . and .. folded. */
	static String resolve(String directory, String relative) {
		List<String> parts = new ArrayList<>();
		if (!directory.isEmpty()) {
			parts.addAll(List.of(directory.split("/")));
		}
		for (String segment : relative.split("/")) {
			if (segment.isEmpty() || segment.equals(".")) {
				continue;
			}
			if (segment.equals("..")) {
				if (!parts.isEmpty()) {
					parts.remove(parts.size() - 1);
				}
				continue;
			}
			parts.add(segment);
		}
		return String.join("/", parts);
	}

}
