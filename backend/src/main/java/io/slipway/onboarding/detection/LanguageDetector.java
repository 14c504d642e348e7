package io.slipway.onboarding.detection;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Detects a service's language from the marker files at the root of its Git repository and
 * proposes a port, health paths and a Dockerfile, so the onboarding form starts from what the
 * repository already is.
 * <p>
 * Only {@code file://}, {@code http://} and {@code https://} URLs without credentials are read
 * (narrowed by {@code slipway.onboarding.detection.allowed-schemes} and
 * {@code .allowed-hosts}); anything else is refused before any connection. Reading fetches the
 * tip of the default branch only (depth 1, no tags) into a temporary bare repository that is
 * deleted afterwards, never checks files out, and is bounded by:
 * <ul>
 * <li>{@code slipway.onboarding.detection.timeout} (default 15 s): the caller gets
 * {@link DetectionFailedException.Reason#TIMED_OUT} when it passes; JGit's transport timeout (the
 * same value) bounds each connect and read, and the blocking fetch stops at its next read once
 * the deadline passed or the caller stopped waiting;</li>
 * <li>{@code .max-fetch-size} (default 50 MiB): every byte of the received pack is counted as it
 * arrives (the temporary repository's object inserter meters the stream JGit parses), so the
 * transfer stops as soon as it passes the limit, inside an object if need be; the object
 * directory's size is checked again after the fetch.</li>
 * </ul>
 * Beyond the allow-list there is no filter against requests to internal addresses.
 */
@Component
public class LanguageDetector {

	private static final Logger logger = LoggerFactory.getLogger(LanguageDetector.class);

	private final DetectionProperties properties;

	private final ShallowFetch fetch;

	private final DockerfileProposals dockerfiles;

	private final MarkerInterpreter interpreter;

	LanguageDetector(DetectionProperties properties) {
		this.properties = properties;
		this.fetch = new ShallowFetch(properties);
		this.dockerfiles = new DockerfileProposals();
		this.interpreter = new MarkerInterpreter(this.dockerfiles);
	}

	/**
	 * Reads the repository's root at the tip of its default branch and detects its language. The
	 * blocking work runs on the bounded-elastic scheduler.
	 *
	 * @param repositoryUrl a {@code file://}, {@code http://} or {@code https://} URL
	 * @return the detection ({@link Language#UNKNOWN} when no marker file exists or the repository
	 * has no commits), or an error {@link DetectionFailedException} saying why the repository could
	 * not be read
	 */
	public Mono<Detection> detect(String repositoryUrl) {
		return Mono.defer(() -> {
			RepositoryUrl url = RepositoryUrl.parse(repositoryUrl, this.properties);
			AtomicBoolean abandoned = new AtomicBoolean();
			return Mono.fromCallable(() -> read(url, abandoned))
				.subscribeOn(Schedulers.boundedElastic())
				.doOnCancel(() -> abandoned.set(true))
				.timeout(this.properties.timeout(),
						Mono.error(() -> ShallowFetch.timedOut(url, this.properties.timeout())))
				.doOnNext((detection) -> logger.debug("Detected {} in {} at {}", detection.language(), url.display(),
						detection.commit()));
		});
	}

	private @Nullable Detection read(RepositoryUrl url, AtomicBoolean abandoned) {
		try {
			RepositorySnapshot snapshot = this.fetch.read(url, MarkerInterpreter.FILES_TO_READ, abandoned::get);
			return this.interpreter.interpret(snapshot, url);
		}
		catch (RuntimeException ex) {
			if (abandoned.get()) {
				// the caller already answered (timeout or cancel); a late failure has no one to tell
				logger.debug("Detection of {} ended after its caller stopped waiting: {}", url.display(),
						ex.getMessage());
				return null;
			}
			throw ex;
		}
	}

	/**
	 * The Dockerfile proposal for a detection with another port or health path than proposed,
	 * e.g. the ones the user typed into the form.
	 *
	 * @return empty for {@link Language#UNKNOWN}
	 * @throws IllegalArgumentException when the port is outside 1–65535 or the health path does not
	 * match {@code /[A-Za-z0-9/._-]*}
	 */
	public Optional<String> proposeDockerfile(Detection detection, int port, String healthPath) {
		if (detection.language() == Language.UNKNOWN) {
			return Optional.empty();
		}
		return Optional.of(
				this.dockerfiles.render(detection.language(), detection.markers(), detection.facts(), port, healthPath));
	}

}
