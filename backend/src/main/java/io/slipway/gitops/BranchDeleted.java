package io.slipway.gitops;

import java.util.Map;

import io.slipway.audit.AuditableEvent;

/**
 * Published after a branch was deleted from the infra repository.
 *
 * @param actor who asked for it
 * @param branch the deleted branch
 * @param commitId where it pointed, so the commits can still be found (and restored) by id
 */
public record BranchDeleted(String actor, String branch, String commitId) implements AuditableEvent {

	@Override
	public String action() {
		return "git.branch-deleted";
	}

	@Override
	public String subject() {
		return this.branch;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("commitId", this.commitId);
	}

}
