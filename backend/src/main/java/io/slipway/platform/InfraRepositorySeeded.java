package io.slipway.platform;

import java.util.List;
import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * The infra repository's empty main branch was seeded with the default layout on first start.
 *
 * @param commitId the seed commit
 * @param paths the files it created
 */
public record InfraRepositorySeeded(String commitId, List<String> paths) implements AuditableEvent {

	public InfraRepositorySeeded {
		paths = List.copyOf(paths);
	}

	@Override
	public String actor() {
		return "system";
	}

	@Override
	public String action() {
		return "repository.seeded";
	}

	@Override
	public String subject() {
		return "commit/" + this.commitId;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("commit", this.commitId, "paths", this.paths);
	}

}
