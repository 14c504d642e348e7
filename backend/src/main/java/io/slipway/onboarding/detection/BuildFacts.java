package io.slipway.onboarding.detection;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the marker files and the root listing say about how to build and start the service,
 * beyond its language. The Dockerfile proposal uses these so it builds the repository as it is
 * (its lockfile, its Go version, its entry point) instead of a generic project.
 * <p>
 * Every value was read from the repository and then checked against a strict pattern (relative
 * paths of {@code [A-Za-z0-9._-]} segments, versions of digits and dots), so it can be written
 * into a Dockerfile without quoting; values that fail the check are left out.
 *
 * @param nodeCommand how a Node.js service starts, in exec form: {@code [node, <script>]} when
 * {@code scripts.start} is just {@code node <script>} or {@code main} names the entry point,
 * {@code [npm, start]} for any other start script, empty when the language is not Node.js
 * @param nodeLockfile whether {@code package-lock.json} or {@code npm-shrinkwrap.json} exists,
 * which allows the reproducible {@code npm ci}
 * @param goVersion the {@code major.minor} of the {@code go} directive in {@code go.mod}; the
 * official Go images refuse to build a module that asks for a newer Go than their own
 * @param pythonScript the script at the root that most likely starts the service
 * ({@code main.py}, {@code app.py}, {@code server.py}), if any
 * @param phpPublicDirectory whether the root has a {@code public/} directory, the web root of
 * Laravel, Symfony and Slim applications
 */
public record BuildFacts(List<String> nodeCommand, boolean nodeLockfile, @Nullable String goVersion,
		@Nullable String pythonScript, boolean phpPublicDirectory) {

	/**
	 * Facts of a repository that says nothing beyond its language.
	 */
	public static final BuildFacts NONE = new BuildFacts(List.of(), false, null, null, false);

	public BuildFacts {
		nodeCommand = List.copyOf(nodeCommand);
	}

}
