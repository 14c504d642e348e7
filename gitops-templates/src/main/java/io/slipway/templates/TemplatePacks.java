package io.slipway.templates;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The template packs Slipway can render, loaded once and checked as a whole: every template parses,
 * every directive is well-formed and every value a template reads is declared by its pack, so a
 * broken pack fails when it is loaded rather than when someone onboards a service.
 *
 * <p>The built-in packs ({@code goapps}, {@code packages}) live on the classpath under
 * {@code gitops-templates/}; a platform team that wants its own copies points
 * {@link #fromDirectory(Path)} at a folder with the same layout.
 */
public final class TemplatePacks {

	static final String CLASSPATH_ROOT = "gitops-templates/";

	private final List<TemplatePack> packs;

	private TemplatePacks(List<TemplatePack> packs) {
		this.packs = packs.stream().sorted(Comparator.comparing(TemplatePack::name)).toList();
	}

	/**
	 * The packs shipped in this module, listed by {@code gitops-templates/index.yaml}.
	 * @throws RenderException when a pack does not load
	 */
	public static TemplatePacks builtIn() {
		ClassLoader loader = TemplatePacks.class.getClassLoader();
		String index = readResource(loader, CLASSPATH_ROOT + "index.yaml");
		if (index == null) {
			throw new RenderException("no " + CLASSPATH_ROOT + "index.yaml on the classpath", null, null, null, null);
		}
		Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(index);
		if (!(loaded instanceof Map<?, ?> map) || !(map.get("packs") instanceof List<?> names)) {
			throw new RenderException(CLASSPATH_ROOT + "index.yaml must hold packs: [names]", null, null, null, null);
		}
		List<TemplatePack> packs = new ArrayList<>();
		for (Object name : names) {
			String folder = String.valueOf(name);
			packs.add(TemplatePack.load(folder, path -> readResource(loader, CLASSPATH_ROOT + folder + "/" + path)));
		}
		return new TemplatePacks(packs);
	}

	/**
	 * Every pack in the sub-folders of {@code root} that hold a {@code pack.yaml}.
	 * @throws RenderException when a pack does not load
	 * @throws UncheckedIOException when the folder cannot be read
	 */
	public static TemplatePacks fromDirectory(Path root) {
		List<TemplatePack> packs = new ArrayList<>();
		try (Stream<Path> folders = Files.list(root)) {
			for (Path folder : folders.sorted().toList()) {
				if (Files.isRegularFile(folder.resolve("pack.yaml"))) {
					packs.add(TemplatePack.load(folder.getFileName().toString(), path -> readFile(folder, path)));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("error reading template packs in " + root, ex);
		}
		return new TemplatePacks(packs);
	}

	/** All packs, ordered by name. */
	public List<TemplatePack> list() {
		return this.packs;
	}

	public Optional<TemplatePack> find(String name) {
		return this.packs.stream().filter(pack -> pack.name().equals(name)).findFirst();
	}

	/**
	 * @throws RenderException when no pack has that name
	 */
	public TemplatePack get(String name) {
		// The name comes from a request; quote it only when it looks like a pack name.
		String shown = name != null && name.matches("[a-z0-9][-a-z0-9]{0,62}") ? " " + name : "";
		return find(name).orElseThrow(() -> new RenderException("unknown template pack" + shown + " (known: "
				+ String.join(", ", this.packs.stream().map(TemplatePack::name).toList()) + ")", null, null, null,
				"templatePack"));
	}

	private static String readResource(ClassLoader loader, String name) {
		try (InputStream in = loader.getResourceAsStream(name)) {
			return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("error reading " + name, ex);
		}
	}

	private static String readFile(Path folder, String relative) {
		Path file = folder.resolve(relative).normalize();
		if (!file.startsWith(folder) || !Files.isRegularFile(file)) {
			return null;
		}
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("error reading " + file, ex);
		}
	}

}
