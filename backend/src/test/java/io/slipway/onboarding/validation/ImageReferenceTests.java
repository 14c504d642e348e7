package io.slipway.onboarding.validation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ImageReferenceTests {

	@ParameterizedTest
	@CsvSource(nullValues = "-", value = { "ghcr.io/acme/payments, ghcr.io, acme/payments, -, -",
			"nginx, docker.io, library/nginx, -, -", "acme/payments, docker.io, acme/payments, -, -",
			"localhost/payments, localhost, payments, -, -",
			"registry.example.com:5000/team/sub/payments, registry.example.com:5000, team/sub/payments, -, -",
			"GHCR.IO/acme/payments, ghcr.io, acme/payments, -, -",
			"ghcr.io/acme/payments:1.4.0, ghcr.io, acme/payments, 1.4.0, -",
			"registry:5000/payments:v1, registry:5000, payments, v1, -",
			"ghcr.io/acme/my_service__x.y-z, ghcr.io, acme/my_service__x.y-z, -, -" })
	void parsesLikeTheDistributionLibrary(String text, String registry, String path, String tag, String digest) {
		assertThat(ImageReference.parse(text)).hasValue(new ImageReference(registry, path, tag, digest));
	}

	@Test
	void parsesDigests() {
		String digest = "sha256:" + "ab".repeat(32);

		assertThat(ImageReference.parse("ghcr.io/acme/payments@" + digest)).get()
			.extracting(ImageReference::digest)
			.isEqualTo(digest);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "ghcr.io/Acme/payments", "ghcr.io/acme/", "ghcr.io//payments", "/payments",
			"ghcr.io/acme/pay ments", "ghcr.io/acme/payments:", "ghcr.io/acme/payments:-1",
			"ghcr.io/acme/payments@sha256:xyz", "-ghcr.io/acme/payments", "ghcr.io/acme/payments_",
			"https://ghcr.io/acme/payments", "ghcr.io/acme/payments:1.0:2.0" })
	void refusesWhatIsNotAReference(String text) {
		assertThat(ImageReference.parse(text)).isEmpty();
	}

	@Test
	void refusesNamesOver255Characters() {
		assertThat(ImageReference.parse("ghcr.io/" + "a".repeat(247))).isPresent();
		assertThat(ImageReference.parse("ghcr.io/" + "a".repeat(248))).isEmpty();
	}

	@Test
	void trustMatchesWholePathComponents() {
		ImageReference image = ImageReference.parse("ghcr.io/acme/payments").orElseThrow();

		assertThat(image.isUnder("ghcr.io")).isTrue();
		assertThat(image.isUnder("ghcr.io/acme")).isTrue();
		assertThat(image.isUnder("GHCR.io/acme/")).isTrue();
		assertThat(image.isUnder("ghcr.io/acme/payments")).isTrue();
		assertThat(image.isUnder("ghcr.io/ac")).isFalse();
		assertThat(image.isUnder("ghcr.i")).isFalse();
		assertThat(image.isUnder("docker.io")).isFalse();
		assertThat(image.isUnder("")).isFalse();
		assertThat(ImageReference.parse("nginx").orElseThrow().isUnder("docker.io/library")).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "1.4.0", "v1", "latest", "sha-3f2a9c1", "_x", "1.4.0-rc.1_build.5" })
	void acceptsTags(String tag) {
		assertThat(ImageReference.isTag(tag)).isTrue();
	}

	@Test
	void tagsHoldAtMost128Characters() {
		assertThat(ImageReference.isTag("a".repeat(128))).isTrue();
		assertThat(ImageReference.isTag("a".repeat(129))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", ".x", "-x", "a/b", "a:b", "a b", "ü" })
	void refusesInvalidTags(String tag) {
		assertThat(ImageReference.isTag(tag)).isFalse();
	}

}
