package io.slipway.onboarding.detection;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.slipway.onboarding.detection.DetectionFailedException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which repository URLs detection agrees to read. Everything but absolute {@code file://} and
 * {@code http(s)://} URLs without credentials is refused before any connection, since JGit
 * would otherwise open SSH sessions, run {@code ext::} commands or read relative paths.
 */
class RepositoryUrlTests {

	private final DetectionProperties defaults = DetectionProperties.of(Duration.ofSeconds(15), DataSize.ofMegabytes(50),
			null);

	@ParameterizedTest
	@ValueSource(strings = { "file:///srv/git/api.git", "http://127.0.0.1:8080/org/api.git",
			"https://github.com/org/api.git", "HTTPS://GitHub.com/org/api", "https://[::1]:3000/api.git",
			"https://git.example.com/org/api%20v2.git" })
	void acceptsAbsoluteFileAndHttpUrls(String url) {
		RepositoryUrl parsed = RepositoryUrl.parse(url, this.defaults);

		assertThat(parsed.display()).isEqualTo(url);
		assertThat(parsed.uri().getScheme()).isIn("file", "http", "https");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ssh://git@github.com/org/api.git", "git://github.com/org/api.git",
			"ext::sh -c touch% /tmp/owned", "ext::ssh", "ftp://example.com/api.git", "sftp://example.com/api.git",
			"jar:file:/srv/app.jar!/", "ssh+git://example.com/api.git" })
	void refusesOtherSchemes(String url) {
		assertRefused(url, "");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/srv/git/api.git", "../api.git", "api.git", "git@github.com:org/api.git",
			"C:\\repos\\api.git", "file:api.git", "//github.com/org/api.git" })
	void refusesPathsAndScpLikeAddresses(String url) {
		assertRefused(url, "");
	}

	@Test
	void refusesEmptyUrls() {
		assertRefused("   ", "the repository URL is empty");
	}

	@Test
	void refusesCredentialsWithoutRepeatingThem() {
		assertThatThrownBy(() -> RepositoryUrl.parse("https://deploy:s3cr3t-token@git.example.com/api.git", this.defaults))
			.isInstanceOf(DetectionFailedException.class)
			.hasMessageContaining("carries credentials")
			.hasMessageNotContaining("s3cr3t");
		assertRefused("https://ghp_abcdef@github.com/org/api.git", "carries credentials");
	}

	@Test
	void refusesFileUrlsNamingAHost() {
		assertRefused("file://fileserver/srv/git/api.git", "names a host");
		assertRefused("file://localhost/srv/git/api.git", "names a host");
	}

	@Test
	void refusesQueriesFragmentsAndMissingHosts() {
		assertRefused("https://github.com/org/api.git?ref=main", "query or fragment");
		assertRefused("https://github.com/org/api.git#main", "query or fragment");
		assertRefused("http:///org/api.git", "names no host");
	}

	@Test
	void refusesSpacesAndControlCharacters() {
		assertRefused("https://github.com/org/api.git\nUSER root", "spaces or characters outside ASCII");
		assertRefused("https://github.com/org/my api.git", "spaces or characters outside ASCII");
	}

	@Test
	void anAllowListLimitsTheHosts() {
		DetectionProperties properties = new DetectionProperties(Duration.ofSeconds(15), DataSize.ofMegabytes(50),
				List.of("file", "http", "https"), List.of("Git.Example.com", "*.corp.example"), null);

		assertThat(RepositoryUrl.parse("https://git.example.com/org/api.git", properties)).isNotNull();
		assertThat(RepositoryUrl.parse("https://gitlab.corp.example/org/api.git", properties)).isNotNull();
		assertThatThrownBy(() -> RepositoryUrl.parse("https://github.com/org/api.git", properties))
			.isInstanceOf(DetectionFailedException.class)
			.hasMessage("the host github.com is not in slipway.onboarding.detection.allowed-hosts "
					+ "(git.example.com, *.corp.example)");
		assertThatThrownBy(() -> RepositoryUrl.parse("https://corp.example.attacker.test/api.git", properties))
			.isInstanceOf(DetectionFailedException.class);
	}

	@Test
	void allowedSchemesCanExcludeFileUrls() {
		DetectionProperties properties = new DetectionProperties(Duration.ofSeconds(15), DataSize.ofMegabytes(50),
				List.of("HTTPS"), null, null);

		assertThat(RepositoryUrl.parse("https://github.com/org/api.git", properties)).isNotNull();
		assertThatThrownBy(() -> RepositoryUrl.parse("file:///srv/git/api.git", properties))
			.isInstanceOf(DetectionFailedException.class)
			.hasMessage("the URL scheme file:// is not accepted; language detection reads https:// URLs");
		assertThatThrownBy(() -> RepositoryUrl.parse("http://github.com/org/api.git", properties))
			.isInstanceOf(DetectionFailedException.class);
	}

	@Test
	void onlyFileAndHttpSchemesCanBeAllowed() {
		assertThatThrownBy(() -> new DetectionProperties(Duration.ofSeconds(15), DataSize.ofMegabytes(50),
				List.of("https", "ssh"), null, Path.of("tmp")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("allowed-schemes may only hold file, http and https, was ssh");
	}

	private void assertRefused(String url, String messagePart) {
		assertThatThrownBy(() -> RepositoryUrl.parse(url, this.defaults))
			.isInstanceOfSatisfying(DetectionFailedException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.REFUSED))
			.hasMessageContaining(messagePart);
	}

}
