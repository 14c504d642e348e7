package io.slipway.templates;

import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * What a pack's record file ({@link TemplatePack#recordPath(String)}) says about one service: the pack
 * and version it was rendered with, the files that render wrote and the values it used.
 *
 * <p>Slipway compares {@code version} with the current pack to list services behind it, re-renders
 * them from {@code values}, and deletes the old {@code files} the new version no longer writes, all in
 * one change request.
 */
public record RenderRecord(String pack, String version, List<String> files, Map<String, Object> values) {

	/**
	 * Reads a record file.
	 * @throws RenderException when the content is not a Slipway render record
	 */
	@SuppressWarnings("unchecked")
	public static RenderRecord parse(String content) {
		Object loaded;
		try {
			loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(content);
		}
		catch (YAMLException ex) {
			throw new RenderException("not a render record: " + ex.getMessage(), null, null, null, null);
		}
		if (loaded instanceof Map<?, ?> map && "RenderRecord".equals(map.get("kind"))
				&& map.get("pack") instanceof Map<?, ?> pack && pack.get("name") instanceof String name
				&& pack.get("version") != null && map.get("files") instanceof List<?> files
				&& files.stream().allMatch(String.class::isInstance) && map.get("values") instanceof Map<?, ?> values) {
			return new RenderRecord(name, String.valueOf(pack.get("version")), (List<String>) files,
					(Map<String, Object>) values);
		}
		throw new RenderException("not a render record: expected kind RenderRecord with pack.name, pack.version,"
				+ " files and values", null, null, null, null);
	}

}
