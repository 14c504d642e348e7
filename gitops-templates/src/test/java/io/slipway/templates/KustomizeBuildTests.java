package io.slipway.templates;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.slipway.templates.Check.Status;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every overlay the packs write builds with the real {@code kubectl kustomize} and yields what its
 * environment asks for. Runs where a kubectl with kustomize is on the PATH; elsewhere these tests are
 * skipped (the structural check in {@link ManifestChecksTests} always runs).
 */
class KustomizeBuildTests {

	private static final TemplatePacks PACKS = TemplatePacks.builtIn();

	private static final Yaml YAML = new Yaml(new SafeConstructor(new LoaderOptions()));

	private static String kubectl;

	@TempDir
	Path folder;

	@BeforeAll
	static void findKubectl() {
		for (String directory : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
			Path candidate = Path.of(directory, "kubectl");
			if (!directory.isEmpty() && Files.isExecutable(candidate)) {
				kubectl = candidate.toString();
				return;
			}
		}
	}

	static Stream<Arguments> overlays() {
		List<Arguments> cases = new ArrayList<>();
		for (String pack : List.of("goapps", "packages")) {
			for (Map<String, Object> values : List.of(Fixtures.payments(), Fixtures.mailer())) {
				for (Map<String, Object> environment : Trees.maps(values.get("environments"))) {
					cases.add(Arguments.of(pack, Trees.text(Trees.at(values, "service", "name")),
							environment.get("name"), values, environment));
				}
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}: {1} in {2} builds")
	@MethodSource("overlays")
	void everyOverlayBuildsWithKubectlKustomize(String pack, String service, String environmentName,
			Map<String, Object> values, Map<String, Object> environment) throws Exception {
		assumeTrue(kubectl != null, "kubectl is not on the PATH; the structural kustomize check still runs");
		List<RenderedFile> files = PACKS.get(pack).render(values);
		write(files);
		String overlay = overlayOf(files, service + "-" + environmentName);

		Build build = kustomize(overlay);
		assertThat(build.exitCode()).as(build.output()).isZero();
		List<Map<String, Object>> objects = build.objects();
		assertThat(objects).extracting(object -> Trees.text(object.get("kind")))
			.contains("Deployment", "Service", "HorizontalPodAutoscaler", "NetworkPolicy");
		String tag = Trees.text(environment.get("imageTag"));
		for (Map<String, Object> object : objects) {
			assertThat(Trees.at(object, "metadata", "namespace")).as("namespace of %s", object.get("kind"))
				.isEqualTo(environment.get("namespace"));
			assertThat(Trees.map(Trees.at(object, "metadata", "labels"))).as("labels of %s", object.get("kind"))
				.containsEntry("app", service)
				.containsEntry("app.kubernetes.io/name", service)
				.containsEntry("app.kubernetes.io/part-of", "goapps")
				.containsKey("app.kubernetes.io/component")
				.containsEntry("app.kubernetes.io/version", tag);
		}
		Map<String, Object> deployment = objects.stream()
			.filter(object -> "Deployment".equals(object.get("kind")))
			.findFirst()
			.orElseThrow();
		assertThat(Trees.at(deployment, "spec", "replicas")).isEqualTo(environment.get("replicas"));
		Map<String, Object> container = Trees.maps(Trees.at(deployment, "spec", "template", "spec", "containers"))
			.get(0);
		assertThat(container.get("image")).isEqualTo(Trees.at(values, "service", "image") + ":" + tag);
		assertThat(Trees.at(container, "resources", "limits", "memory"))
			.isEqualTo(Trees.at(environment, "resources", "limits", "memory"));
		assertThat(Trees.map(Trees.at(deployment, "spec", "selector", "matchLabels"))).containsOnlyKeys("app");
	}

	@Test
	void kubectlAndTheStructuralCheckAgreeOnABrokenPatchTarget() throws Exception {
		assumeTrue(kubectl != null, "kubectl is not on the PATH; the structural kustomize check still runs");
		String patch = "services/payments/overlays/staging/patches/replicas.yaml";
		List<RenderedFile> files = ManifestChecksTests.edit(PACKS.get("goapps").render(Fixtures.payments()), patch,
				doc -> Trees.map(doc.get("metadata")).put("name", "payments-api"));
		write(files);

		assertThat(kustomize("services/payments/overlays/staging").exitCode()).isNotZero();
		assertThat(ManifestChecks.run(Fixtures.payments(), files))
			.anySatisfy(check -> {
				assertThat(check.rule()).isEqualTo("kustomize");
				assertThat(check.status()).isEqualTo(Status.FAIL);
				assertThat(check.message()).contains(patch).contains("Deployment payments-api");
			});
	}

	private static String overlayOf(List<RenderedFile> files, String application) {
		for (RenderedFile file : files) {
			Object document = file.path().endsWith(".yaml") ? YAML.load(file.content()) : null;
			if ("Application".equals(Trees.at(document, "kind"))
					&& application.equals(Trees.at(document, "metadata", "name"))) {
				return Trees.text(Trees.at(document, "spec", "source", "path"));
			}
		}
		throw new AssertionError("no Application " + application);
	}

	private void write(List<RenderedFile> files) throws IOException {
		for (RenderedFile file : files) {
			Path target = this.folder.resolve(file.path());
			Files.createDirectories(target.getParent());
			Files.writeString(target, file.content(), StandardCharsets.UTF_8);
		}
	}

	private record Build(int exitCode, String output) {

		List<Map<String, Object>> objects() {
			List<Map<String, Object>> objects = new ArrayList<>();
			for (Object document : YAML.loadAll(this.output)) {
				if (document instanceof Map) {
					objects.add(Trees.map(document));
				}
			}
			return objects;
		}

	}

	private Build kustomize(String overlay) throws Exception {
		Path output = this.folder.resolve("kustomize-output.txt");
		Process process = new ProcessBuilder(kubectl, "kustomize", this.folder.resolve(overlay).toString())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("kubectl kustomize " + overlay + " did not finish within 60 s");
		}
		return new Build(process.exitValue(), Files.readString(output));
	}

}
