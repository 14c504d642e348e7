package io.slipway.onboarding.detection;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What onboarding learned from the root of a service's repository at the tip of its default
 * branch: the language, the marker files that gave it away, and the proposals the form starts
 * from. Proposals are suggestions the user reviews; nothing is written anywhere.
 *
 * @param language the detected language, {@link Language#UNKNOWN} when no marker file exists
 * @param markers every marker file found at the root, in precedence order (the first one decided
 * the language); empty for {@link Language#UNKNOWN}
 * @param proposedPort the port the service most likely listens on
 * @param healthPath the proposed liveness path ({@code /health}, as the platform's services
 * guide requires of every service)
 * @param readyPath the proposed readiness path ({@code /ready}, same guide)
 * @param dockerfile a multi-stage Dockerfile running as a non-root user with a
 * {@code HEALTHCHECK} on {@code proposedPort} and {@code healthPath}; absent for
 * {@link Language#UNKNOWN}
 * @param message one sentence for the user explaining the result (which marker decided, what else
 * was found, or why nothing was detected)
 * @param commit the commit that was read, absent when the repository has no commits
 * @param facts what the marker files say about building and starting the service
 */
public record Detection(Language language, List<String> markers, int proposedPort, String healthPath,
		String readyPath, @Nullable String dockerfile, String message, @Nullable String commit, BuildFacts facts) {

	/**
	 * The health path proposed to every service.
	 */
	public static final String DEFAULT_HEALTH_PATH = "/health";

	/**
	 * The readiness path proposed to every service.
	 */
	public static final String DEFAULT_READY_PATH = "/ready";

	public Detection {
		markers = List.copyOf(markers);
	}

}
