package io.slipway.gitops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * Published after a commit was pushed to the infra repository and accepted there (not when
 * nothing changed).
 *
 * @param actor who asked for the change
 * @param branch the branch that now holds the commit
 * @param commitId the new commit
 * @param message the commit message without trailers
 * @param paths the files whose content changed
 */
public record ChangesCommitted(String actor, String branch, String commitId, String message,
		List<String> paths) implements AuditableEvent {

	public ChangesCommitted {
		paths = List.copyOf(paths);
	}

	@Override
	public String action() {
		return "git.committed";
	}

	@Override
	public String subject() {
		return this.branch;
	}

	@Override
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("commitId", this.commitId);
		details.put("message", this.message);
		details.put("paths", this.paths);
		return details;
	}

}
