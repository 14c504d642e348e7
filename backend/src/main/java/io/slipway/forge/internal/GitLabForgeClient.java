package io.slipway.forge.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.slipway.forge.ForgeClient;
import io.slipway.forge.ForgePullRequest;
import io.slipway.forge.OpenPullRequest;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Merge requests on GitLab through the REST API v4. The project is addressed by its full path,
 * which the URI template encodes ({@code group/infra} becomes {@code group%2Finfra}) as GitLab
 * asks, or by its numeric id.
 */
final class GitLabForgeClient implements ForgeClient {

	private final ForgeApi api;

	private final String project;

	GitLabForgeClient(ForgeApi api, String project) {
		this.api = api;
		this.project = project;
	}

	@Override
	public Mono<ForgePullRequest> open(OpenPullRequest request) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("source_branch", request.head());
		body.put("target_branch", request.base());
		body.put("title", request.title());
		body.put("description", request.body());
		if (!request.labels().isEmpty()) {
			// GitLab takes label names comma-separated; its label names cannot hold a comma
			body.put("labels", String.join(",", request.labels()));
		}
		return this.api.send("opening a merge request from " + request.head() + " into " + request.base(),
				this.api.web().post().uri("/projects/{id}/merge_requests", this.project).bodyValue(body),
				MergeRequestResource.class, MergeRequestResource::toForgePullRequest);
	}

	@Override
	public Mono<ForgePullRequest> get(String id) {
		return ForgeApi.number(id)
			.flatMap((iid) -> this.api.send("reading merge request !" + iid,
					this.api.web().get().uri("/projects/{id}/merge_requests/{iid}", this.project, iid),
					MergeRequestResource.class, MergeRequestResource::toForgePullRequest));
	}

	@Override
	public Mono<ForgePullRequest> merge(String id, String commitTitle) {
		return ForgeApi.number(id)
			.flatMap((iid) -> this.api.send("merging merge request !" + iid,
					this.api.web()
						.put()
						.uri("/projects/{id}/merge_requests/{iid}/merge", this.project, iid)
						.bodyValue(Map.of("merge_commit_message", commitTitle)),
					MergeRequestResource.class, MergeRequestResource::toForgePullRequest));
	}

	@Override
	public Mono<ForgePullRequest> close(String id) {
		return ForgeApi.number(id)
			.flatMap((iid) -> this.api.send("closing merge request !" + iid,
					this.api.web()
						.put()
						.uri("/projects/{id}/merge_requests/{iid}", this.project, iid)
						.bodyValue(Map.of("state_event", "close")),
					MergeRequestResource.class, MergeRequestResource::toForgePullRequest));
	}

	@Override
	public Mono<ForgePullRequest> updateDescription(String id, String body) {
		return ForgeApi.number(id)
			.flatMap((iid) -> this.api.send("updating the description of merge request !" + iid,
					this.api.web()
						.put()
						.uri("/projects/{id}/merge_requests/{iid}", this.project, iid)
						.bodyValue(Map.of("description", body)),
					MergeRequestResource.class, MergeRequestResource::toForgePullRequest));
	}

	/**
	 * A merge request as GitLab answers it; only the fields Slipway reads.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record MergeRequestResource(int iid, @JsonProperty("web_url") String webUrl, String state,
			@JsonProperty("source_branch") String sourceBranch, @JsonProperty("target_branch") String targetBranch,
			@JsonProperty("merge_commit_sha") @Nullable String mergeCommitSha,
			@JsonProperty("squash_commit_sha") @Nullable String squashCommitSha, @Nullable String sha) {

		ForgePullRequest toForgePullRequest() {
			ForgePullRequest.State mapped = switch (this.state) {
				case "merged" -> ForgePullRequest.State.MERGED;
				case "closed" -> ForgePullRequest.State.CLOSED;
				// "opened", and "locked" while a merge is under way
				default -> ForgePullRequest.State.OPEN;
			};
			return new ForgePullRequest(Integer.toString(this.iid), this.iid, this.webUrl, mapped, this.sourceBranch,
					this.targetBranch, (mapped == ForgePullRequest.State.MERGED) ? mergeCommit() : null);
		}

		// a fast-forward merge makes no merge commit: the source head becomes the target's tip
		private @Nullable String mergeCommit() {
			if (this.mergeCommitSha != null) {
				return this.mergeCommitSha;
			}
			return (this.squashCommitSha != null) ? this.squashCommitSha : this.sha;
		}

	}

}
