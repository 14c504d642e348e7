package io.slipway.onboarding.detection;

import org.jspecify.annotations.Nullable;

/**
 * The languages onboarding recognises from a repository's marker files, each with the port its
 * services conventionally listen on (the platform's services guide), so the form can start from
 * a port the service most likely already uses.
 */
public enum Language {

	/**
	 * Go, from {@code go.mod}. Listens on 8080 by convention.
	 */
	GO("Go", 8080, "go"),

	/**
	 * Java, from {@code pom.xml} (Maven) or {@code build.gradle}/{@code build.gradle.kts}
	 * (Gradle). Listens on 8080, Spring Boot's and most servlet containers' default.
	 */
	JAVA("Java", 8080, "java"),

	/**
	 * PHP, from {@code composer.json}. Served over HTTP on 8080 by Apache running unprivileged;
	 * PHP-FPM's 9000 speaks FastCGI, which the platform's HTTP probes cannot check.
	 */
	PHP("PHP", 8080, "php"),

	/**
	 * Python, from {@code requirements.txt} or {@code pyproject.toml}. Listens on 8000, the
	 * default of gunicorn, uvicorn and Django.
	 */
	PYTHON("Python", 8000, "python"),

	/**
	 * Node.js, from {@code package.json}. Listens on 3000, Express's customary port.
	 */
	NODE_JS("Node.js", 3000, "nodejs"),

	/**
	 * No marker file at the repository root: the user picks the port and writes the Dockerfile.
	 * 8080 is only a starting value.
	 */
	UNKNOWN("unknown", 8080, null);

	private final String displayName;

	private final int defaultPort;

	private final @Nullable String specName;

	Language(String displayName, int defaultPort, @Nullable String specName) {
		this.displayName = displayName;
		this.defaultPort = defaultPort;
		this.specName = specName;
	}

	/**
	 * The language's usual name, e.g. {@code Node.js}.
	 */
	public String displayName() {
		return this.displayName;
	}

	/**
	 * The language as a service spec's {@code language} names it (and the template packs'
	 * Dockerfile proposals are keyed), e.g. {@code nodejs}.
	 * @return the name, or {@code null} for {@link #UNKNOWN}
	 */
	public @Nullable String specName() {
		return this.specName;
	}

	/**
	 * The port a service in this language conventionally listens on.
	 */
	public int defaultPort() {
		return this.defaultPort;
	}

}
