package io.slipway.onboarding.detection;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Bounds of language detection ({@code slipway.onboarding.detection.*}). Detection fetches from
 * URLs users type in, so time, size and reachable hosts are limited here.
 *
 * @param timeout how long one detection may take in all (connecting, negotiating, receiving);
 * also JGit's per-connect and per-read timeout
 * @param maxFetchSize the most bytes the fetch of the default branch's tip may receive; the
 * transfer stops as soon as it passes this
 * @param allowedSchemes which of {@code file}, {@code http}, {@code https} are accepted; other
 * schemes are never accepted. Drop {@code file} where users must not name paths on Slipway's host
 * @param allowedHosts the HTTP(S) hosts detection may contact: exact names or {@code *.domain}
 * suffixes; empty means any host. Beyond this list there is no filter against requests to
 * internal addresses, so set it where Slipway can reach hosts its users cannot
 * @param tempDir where the temporary repositories go; absent means the JVM's temporary directory
 */
@ConfigurationProperties("slipway.onboarding.detection")
record DetectionProperties(@DefaultValue("15s") Duration timeout, @DefaultValue("50MB") DataSize maxFetchSize,
		@DefaultValue({ "file", "http", "https" }) List<String> allowedSchemes, @Nullable List<String> allowedHosts,
		@Nullable Path tempDir) {

	static final Set<String> SUPPORTED_SCHEMES = Set.of("file", "http", "https");

	DetectionProperties {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException(
					"slipway.onboarding.detection.timeout must be positive, was " + timeout);
		}
		if (maxFetchSize.toBytes() <= 0) {
			throw new IllegalArgumentException(
					"slipway.onboarding.detection.max-fetch-size must be positive, was " + maxFetchSize);
		}
		allowedSchemes = allowedSchemes.stream().map((scheme) -> scheme.strip().toLowerCase(Locale.ROOT)).toList();
		for (String scheme : allowedSchemes) {
			if (!SUPPORTED_SCHEMES.contains(scheme)) {
				throw new IllegalArgumentException("slipway.onboarding.detection.allowed-schemes may only hold file, "
						+ "http and https, was " + scheme);
			}
		}
		allowedHosts = (allowedHosts != null)
				? allowedHosts.stream()
					.map((host) -> host.strip().toLowerCase(Locale.ROOT))
					.filter((host) -> !host.isEmpty())
					.toList()
				: List.of();
	}

	/**
	 * The defaults of a deployment without configuration, with the given bounds; for wiring by hand.
	 */
	static DetectionProperties of(Duration timeout, DataSize maxFetchSize, @Nullable Path tempDir) {
		return new DetectionProperties(timeout, maxFetchSize, List.of("file", "http", "https"), List.of(), tempDir);
	}

	// the compact constructor replaced null with an empty list
	@Override
	public List<String> allowedHosts() {
		return (this.allowedHosts != null) ? this.allowedHosts : List.of();
	}

}
