package io.slipway.onboarding.detection;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The files at a repository's root that give its language away, in precedence order: when a
 * repository holds several, the first one decides. The order puts the markers that are rarely
 * auxiliary first: {@code package.json} comes last because repositories of every language carry
 * one for front-end assets or linters, {@code requirements.txt} often holds a helper script's
 * dependencies, while {@code go.mod}, {@code pom.xml} or {@code composer.json} are there only when
 * the project is built with them.
 */
enum Marker {

	GO_MOD("go.mod", Language.GO),

	POM_XML("pom.xml", Language.JAVA),

	BUILD_GRADLE_KTS("build.gradle.kts", Language.JAVA),

	BUILD_GRADLE("build.gradle", Language.JAVA),

	COMPOSER_JSON("composer.json", Language.PHP),

	PYPROJECT_TOML("pyproject.toml", Language.PYTHON),

	REQUIREMENTS_TXT("requirements.txt", Language.PYTHON),

	PACKAGE_JSON("package.json", Language.NODE_JS);

	static final Set<String> FILE_NAMES = Arrays.stream(values())
		.map(Marker::fileName)
		.collect(Collectors.toUnmodifiableSet());

	private final String fileName;

	private final Language language;

	Marker(String fileName, Language language) {
		this.fileName = fileName;
		this.language = language;
	}

	String fileName() {
		return this.fileName;
	}

	Language language() {
		return this.language;
	}

	/**
	 * The markers among these root file names, in precedence order.
	 */
	static List<Marker> foundIn(Set<String> rootFiles) {
		return Arrays.stream(values()).filter((marker) -> rootFiles.contains(marker.fileName)).toList();
	}

}
