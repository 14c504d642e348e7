package io.slipway.gitops;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adapter as Spring wires it: {@code slipway.git.*} from the application's own
 * {@code application.yml}, overridden the way an operator would, and the commit event reaching
 * listeners in the application context.
 */
class GitOpsConfigurationTests {

	@TempDir
	Path dataDir;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withInitializer(new ConfigDataApplicationContextInitializer())
		.withUserConfiguration(GitOpsWiring.class);

	@Test
	void startsOnTheEmbeddedRepositoryWithTheShippedDefaults() {
		this.contextRunner.withPropertyValues("slipway.data-dir=" + this.dataDir).run((context) -> {
			GitOpsProperties properties = context.getBean(GitOpsProperties.class);
			assertThat(properties.url()).isNull();
			assertThat(properties.branch()).isEqualTo("main");
			assertThat(properties.mode()).isEqualTo(GitOpsProperties.Mode.CHANGE_REQUEST);
			assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(20));
			assertThat(properties.pushAttempts()).isEqualTo(5);
			assertThat(properties.defaultAuthor()).isEqualTo(new CommitAuthor("Slipway", "slipway@localhost"));
			assertThat(this.dataDir.resolve("infra.git/HEAD")).exists();
			assertThat(this.dataDir.resolve("cache/infra.git/HEAD")).exists();

			GitOpsRepository gitOps = context.getBean(GitOpsRepository.class);
			CommitResult result = gitOps
				.commit(CommitRequest.builder("Seed").actor("admin").put("README.md", "# infra\n").build())
				.block(Duration.ofSeconds(30));

			ChangesCommitted expected = new ChangesCommitted("admin", "main", result.commitId(), "Seed",
					List.of("README.md"));
			assertThat(context.getBean(CommittedChanges.class).received).containsExactly(expected);
			assertThat(gitOps.status().block(Duration.ofSeconds(30)).embedded()).isTrue();
		});
	}

	@Test
	void takesTheOperatorsSettings() {
		this.contextRunner
			.withPropertyValues("slipway.data-dir=" + this.dataDir, "slipway.git.url=https://git.example.com/infra.git",
					"slipway.git.branch=trunk", "slipway.git.mode=direct", "slipway.git.timeout=5s",
					"slipway.git.push-attempts=2", "slipway.git.username=bot", "slipway.git.token=t0ken-value")
			.run((context) -> {
				GitOpsProperties properties = context.getBean(GitOpsProperties.class);
				assertThat(properties.url()).isEqualTo("https://git.example.com/infra.git");
				assertThat(properties.branch()).isEqualTo("trunk");
				assertThat(properties.mode()).isEqualTo(GitOpsProperties.Mode.DIRECT);
				assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.pushAttempts()).isEqualTo(2);
				assertThat(properties.toString()).doesNotContain("t0ken-value");
				// no remote contact at start-up, and no embedded repository with a URL configured
				assertThat(this.dataDir.resolve("infra.git")).doesNotExist();
				assertThat(context.getBean(GitOpsRepository.class).mainBranch()).isEqualTo("trunk");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(GitOpsProperties.class)
	@Import(GitOpsRepository.class)
	static class GitOpsWiring {

		@Bean
		CommittedChanges committedChanges() {
			return new CommittedChanges();
		}

	}

	static class CommittedChanges {

		final List<ChangesCommitted> received = new CopyOnWriteArrayList<>();

		@EventListener
		void on(ChangesCommitted event) {
			this.received.add(event);
		}

	}

}
