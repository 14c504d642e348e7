package io.slipway.forge.internal;

import java.time.Duration;

import io.slipway.forge.ForgeClient;
import io.slipway.forge.ForgeProperties;
import io.slipway.forge.ForgePullRequest;
import io.slipway.forge.Forges;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import reactor.test.StepVerifier;

import static io.slipway.forge.internal.ForgeFixtures.PATIENCE;
import static io.slipway.forge.internal.ForgeFixtures.TOKEN;
import static io.slipway.forge.internal.ForgeFixtures.json;
import static io.slipway.forge.internal.ForgeFixtures.next;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code slipway.forge.*} as an operator sets it: no forge by default and no client then, the
 * forge's client when one is named, and a start that stops with the key to fix when a setting is
 * missing.
 */
class ForgeConfigurationTests {

	@StartStop
	final MockWebServer gitea = new MockWebServer();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CodecsAutoConfiguration.class, WebClientAutoConfiguration.class))
		.withUserConfiguration(ForgeConfiguration.class);

	@Test
	void withoutSettingsThereIsNoForgeAndNoClient() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			Forges forges = context.getBean(Forges.class);
			assertThat(forges.configured()).isFalse();
			assertThat(forges.client()).isEmpty();
			assertThat(forges.type()).isEqualTo(ForgeProperties.Type.NONE);
			assertThat(context.getBean(ForgeProperties.class).timeout()).isEqualTo(Duration.ofSeconds(20));
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "none", "NONE", "" })
	void typeNoneMeansNoClientWhateverElseIsSet(String none) {
		this.contextRunner
			.withPropertyValues("slipway.forge.type=" + none, "slipway.forge.token=" + TOKEN,
					"slipway.forge.repository=octo-org/infra")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(Forges.class).client()).isEmpty();
			});
	}

	@Test
	void githubNeedsOnlyATokenAndARepository() {
		this.contextRunner
			.withPropertyValues("slipway.forge.type=github", "slipway.forge.token=" + TOKEN,
					"slipway.forge.repository=octo-org/infra")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Forges forges = context.getBean(Forges.class);
				assertThat(forges.configured()).isTrue();
				assertThat(forges.type()).isEqualTo(ForgeProperties.Type.GITHUB);
				assertThat(forges.client()).isPresent();
				ForgeProperties properties = context.getBean(ForgeProperties.class);
				assertThat(properties.url()).isEqualTo("https://api.github.com");
				assertThat(properties.toString()).doesNotContain(TOKEN).contains("token=****");
			});
	}

	@Test
	void theConfiguredClientTalksToTheConfiguredForge() throws Exception {
		this.gitea.enqueue(json(200, "gitea/pull-open.json"));
		this.contextRunner
			.withPropertyValues("slipway.forge.type=Gitea", "slipway.forge.url=" + this.gitea.url("/api/v1/"),
					"slipway.forge.token=" + TOKEN, "slipway.forge.repository=platform/infra",
					"slipway.forge.timeout=15s")
			.run((context) -> {
				ForgeClient client = context.getBean(Forges.class).client().orElseThrow();
				StepVerifier.create(client.get("3"))
					.assertNext((pull) -> assertThat(pull.state()).isEqualTo(ForgePullRequest.State.OPEN))
					.expectComplete()
					.verify(PATIENCE);
				assertThat(context.getBean(ForgeProperties.class).timeout()).isEqualTo(Duration.ofSeconds(15));
			});

		assertThat(next(this.gitea).getTarget()).isEqualTo("/api/v1/repos/platform/infra/pulls/3");
	}

	@Test
	void aForgeWithoutATokenStopsTheStart() {
		this.contextRunner
			.withPropertyValues("slipway.forge.type=gitlab", "slipway.forge.url=https://gitlab.example.com/api/v4",
					"slipway.forge.repository=platform/infra")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("slipway.forge.token must be set when slipway.forge.type is gitlab"));
	}

	@Test
	void gitlabAndGiteaNeedTheirApiUrl() {
		this.contextRunner
			.withPropertyValues("slipway.forge.type=gitea", "slipway.forge.token=" + TOKEN,
					"slipway.forge.repository=platform/infra")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("slipway.forge.url must be set when slipway.forge.type is gitea, "
						+ "e.g. https://gitea.example.com/api/v1"));
	}

	@Test
	void aRepositoryMustBeOwnerAndName() {
		this.contextRunner
			.withPropertyValues("slipway.forge.type=github", "slipway.forge.token=" + TOKEN,
					"slipway.forge.repository=infra")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("slipway.forge.repository must be owner/name, was 'infra'"));
	}

	@Test
	void credentialsInTheUrlAreRefusedWithoutBeingRepeated() {
		this.contextRunner
			.withPropertyValues("slipway.forge.type=gitea",
					"slipway.forge.url=https://bot:s3cret-pass@gitea.example.com/api/v1",
					"slipway.forge.token=" + TOKEN, "slipway.forge.repository=platform/infra")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageNotContaining("s3cret-pass")
				.hasMessage("slipway.forge.url must not hold credentials; use slipway.forge.token"));
	}

	@Test
	void anUnknownForgeStopsTheStart() {
		this.contextRunner.withPropertyValues("slipway.forge.type=bitbucket")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("slipway.forge.type"));
	}

}
