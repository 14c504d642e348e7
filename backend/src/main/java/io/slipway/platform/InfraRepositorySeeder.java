package io.slipway.platform;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.slipway.gitops.CommitRequest;
import io.slipway.gitops.CommitResult;
import io.slipway.gitops.GitOpsException;
import io.slipway.gitops.GitOpsRepository;
import io.slipway.gitops.RepositoryStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Seeds the infra repository with the default layout when its main branch does not exist yet,
 * so a first start on embedded defaults (or against an empty remote) has a layout to work in.
 * An existing main branch is never touched, so restarts seed nothing. Runs before Slipway
 * reports ready; a remote that cannot be reached is logged and does not stop the start: the
 * overview shows the Git connection as unreachable.
 */
@Component
class InfraRepositorySeeder implements ApplicationRunner {

	static final String SEED_MESSAGE = "chore(infra): seed repository layout";

	private static final Logger logger = LoggerFactory.getLogger(InfraRepositorySeeder.class);

	private final GitOpsRepository repository;

	private final InfraLayout layout;

	private final ApplicationEventPublisher events;

	InfraRepositorySeeder(GitOpsRepository repository, Environments environments, ApplicationEventPublisher events) {
		this.repository = repository;
		this.layout = new InfraLayout(environments);
		this.events = events;
	}

	@Override
	public void run(ApplicationArguments args) {
		try {
			seedIfEmpty();
		}
		catch (GitOpsException ex) {
			logger.error("Could not seed the infra repository: {}", ex.getMessage());
		}
	}

	/** Runs on the start-up thread, never on a request thread: blocking here is intended. */
	void seedIfEmpty() {
		String main = this.repository.mainBranch();
		RepositoryStatus status = this.repository.status().block(Duration.ofMinutes(2));
		if (status == null || !status.reachable()) {
			throw new GitOpsException("the infra repository at " + (status != null ? status.remoteUrl() : "?")
					+ " is unreachable" + (status != null && status.lastError() != null ? ": " + status.lastError() : ""));
		}
		if (status.head() != null) {
			logger.debug("Infra repository {} already has branch {}; nothing to seed", status.remoteUrl(), main);
			return;
		}
		Map<String, String> files = this.layout.seedFiles(status.remoteUrl());
		CommitRequest.Builder request = CommitRequest.builder(SEED_MESSAGE).branch(main).baseBranch(main);
		files.forEach(request::create);
		CommitResult result = this.repository.commit(request.build()).block(Duration.ofMinutes(2));
		if (result != null && result.committed()) {
			List<String> paths = List.copyOf(files.keySet());
			logger.info("Seeded the infra repository {} with the default layout ({} files) at {}", status.remoteUrl(),
					paths.size(), result.commitId());
			this.events.publishEvent(new InfraRepositorySeeded(result.commitId(), paths));
		}
	}

}
