package io.slipway.templates;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file both packs write, byte for byte, for a representative and a minimal service. A change to
 * a template shows up here as a reviewable diff; run with {@code -Dgolden.update=true} to accept it.
 */
class GoldenFilesTests {

	static final Path GOLDEN = Path.of("src/test/resources/golden");

	private static final TemplatePacks PACKS = TemplatePacks.builtIn();

	static Stream<Arguments> cases() {
		return Stream.of("goapps", "packages")
			.flatMap(pack -> Stream.of(Arguments.of(pack, "payments", Fixtures.payments()),
					Arguments.of(pack, "mailer", Fixtures.mailer())));
	}

	@ParameterizedTest(name = "{0} renders {1} as the golden files say")
	@MethodSource("cases")
	void rendersTheGoldenFiles(String pack, String service, Map<String, Object> values) throws IOException {
		List<RenderedFile> files = PACKS.get(pack).render(values);
		Path folder = GOLDEN.resolve(pack).resolve(service);
		if (Boolean.getBoolean("golden.update")) {
			write(folder, files);
		}
		assertThat(listFiles(folder)).as("files under %s", folder)
			.containsExactlyElementsOf(new TreeSet<>(files.stream().map(RenderedFile::path).toList()));
		for (RenderedFile file : files) {
			assertThat(file.content()).as(file.path())
				.isEqualTo(Files.readString(folder.resolve(file.path()), StandardCharsets.UTF_8));
		}
	}

	private static void write(Path folder, List<RenderedFile> files) throws IOException {
		if (Files.exists(folder)) {
			try (Stream<Path> old = Files.walk(folder)) {
				for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
		}
		for (RenderedFile file : files) {
			Path target = folder.resolve(file.path());
			Files.createDirectories(target.getParent());
			Files.writeString(target, file.content(), StandardCharsets.UTF_8);
		}
	}

	private static TreeSet<String> listFiles(Path folder) throws IOException {
		TreeSet<String> paths = new TreeSet<>();
		if (!Files.isDirectory(folder)) {
			return paths;
		}
		try (Stream<Path> walk = Files.walk(folder)) {
			walk.filter(Files::isRegularFile)
				.forEach(path -> paths.add(folder.relativize(path).toString().replace('\\', '/')));
		}
		return paths;
	}

}
