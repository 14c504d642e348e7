package io.slipway.onboarding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.slipway.platform.Environment;
import io.slipway.templates.RenderedFile;
import io.slipway.templates.TemplatePack;
import io.slipway.templates.TemplatePacks;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Services rendered by the built-in {@code goapps} pack exactly as onboarding writes them, for
 * benchmarks outside this package that need an infra repository full of real services.
 */
public final class RenderedServices {

	private static final JsonMapper json = JsonMapper.builder().build();

	private RenderedServices() {
	}

	/**
	 * The files onboarding writes for service {@code name} (image {@code ghcr.io/acme/<name>}),
	 * with the given image tag per environment ({@code staging}, {@code production}).
	 */
	public static List<RenderedFile> goapps(String name, String repoUrl, Map<String, String> imageTags) {
		try (InputStream in = RenderedServices.class.getResourceAsStream("/onboarding/api/payments.json")) {
			ObjectNode spec = (ObjectNode) json.readTree(in);
			spec.put("name", name);
			spec.put("image", "ghcr.io/acme/" + name);
			imageTags.forEach((environment, tag) -> ((ObjectNode) spec.get("environments").get(environment))
				.put("imageTag", tag));
			ServiceSpec read = new ServiceSpecReader().read(json.writeValueAsBytes(spec));
			TemplatePack pack = TemplatePacks.builtIn().get("goapps");
			return pack.render(ServiceValues.of(read, environments(), ServiceValues.platform(repoUrl)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<Environment> environments() {
		return List.of(new Environment("staging", "goapps-staging", "goapps", 0, Duration.ZERO, List.of(), true),
				new Environment("production", "goapps-production", "goapps", 1, Duration.ofHours(24), List.of(), true));
	}

}
