package io.slipway.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.slipway.audit.AuditEntry;
import io.slipway.audit.AuditLog;
import io.slipway.audit.AuditQuery;
import io.slipway.ControlPlaneApplication;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A first start on embedded defaults leaves a bare {@code infra.git} whose main holds the
 * default layout; a restart on the same data dir seeds nothing again.
 */
class InfraRepositorySeedingTests {

	@TempDir
	Path workDir;

	@Test
	void firstStartSeedsTheEmbeddedRepositoryAndARestartKeepsIt() throws Exception {
		// A relative data dir, as operators write it: H2 and Git must both resolve it.
		Path dataDir = this.workDir.resolve("data");
		String relative = Path.of("").toAbsolutePath().relativize(dataDir).toString();

		RevCommit seed;
		try (ConfigurableApplicationContext context = start(relative)) {
			Path bare = dataDir.resolve("infra.git");
			try (Repository repository = new FileRepositoryBuilder().setGitDir(bare.toFile()).setBare().build()) {
				assertThat(repository.isBare()).isTrue();
				seed = repository.parseCommit(repository.resolve("refs/heads/main"));
				assertThat(seed.getParentCount()).isZero();
				assertThat(seed.getShortMessage()).isEqualTo("chore(infra): seed repository layout");
				assertThat(paths(repository, seed)).containsExactlyInAnyOrder("README.md",
						"argocd/projects/goapps.yaml", "argocd/apps/staging/.gitkeep",
						"argocd/apps/production/.gitkeep", "services/.gitkeep");
			}
			List<AuditEntry> seeded = context.getBean(AuditLog.class)
				.find(AuditQuery.newest(10).withAction("repository.seeded"))
				.block();
			assertThat(seeded).singleElement()
				.satisfies(entry -> assertThat(entry.subject()).isEqualTo("commit/" + seed.getName()));
		}
		assertThat(Files.exists(dataDir.resolve("db"))).isTrue();

		try (ConfigurableApplicationContext context = start(relative)) {
			try (Git git = Git.open(dataDir.resolve("infra.git").toFile())) {
				assertThat(git.log().call()).extracting(RevCommit::getName).containsExactly(seed.getName());
			}
			assertThat(context.getBean(AuditLog.class)
				.find(AuditQuery.newest(10).withAction("repository.seeded"))
				.block()).hasSize(1);
		}
	}

	private static ConfigurableApplicationContext start(String dataDir) {
		return new SpringApplicationBuilder(ControlPlaneApplication.class)
			.run("--slipway.data-dir=" + dataDir, "--server.port=0");
	}

	private static List<String> paths(Repository repository, RevCommit commit) throws Exception {
		try (TreeWalk walk = new TreeWalk(repository)) {
			walk.addTree(commit.getTree());
			walk.setRecursive(true);
			List<String> paths = new java.util.ArrayList<>();
			while (walk.next()) {
				paths.add(walk.getPathString());
			}
			return paths;
		}
	}

}
