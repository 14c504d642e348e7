package io.slipway.forge.internal;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.slipway.forge.ForgeClient;
import io.slipway.forge.ForgeException;
import io.slipway.forge.ForgePullRequest;
import io.slipway.forge.OpenPullRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Pull requests on GitHub (and GitHub Enterprise Server) through the REST API, version 2022-11-28.
 * Labels go through the issues API, since every pull request is also an issue there.
 */
final class GitHubForgeClient implements ForgeClient {

	private static final Logger log = LoggerFactory.getLogger(GitHubForgeClient.class);

	private final ForgeApi api;

	private final String owner;

	private final String repo;

	GitHubForgeClient(ForgeApi api, String owner, String repo) {
		this.api = api;
		this.owner = owner;
		this.repo = repo;
	}

	@Override
	public Mono<ForgePullRequest> open(OpenPullRequest request) {
		Map<String, Object> body = Map.of("title", request.title(), "head", request.head(), "base", request.base(),
				"body", request.body());
		return this.api
			.send("opening a pull request from " + request.head() + " into " + request.base(),
					this.api.web().post().uri("/repos/{owner}/{repo}/pulls", this.owner, this.repo).bodyValue(body),
					PullResource.class, PullResource::toForgePullRequest)
			.flatMap((pull) -> label(pull, request.labels()).thenReturn(pull));
	}

	private Mono<Void> label(ForgePullRequest pull, List<String> labels) {
		if (labels.isEmpty()) {
			return Mono.empty();
		}
		return this.api
			.sendWithoutAnswer("labelling pull request #" + pull.number(),
					this.api.web()
						.post()
						.uri("/repos/{owner}/{repo}/issues/{number}/labels", this.owner, this.repo, pull.number())
						.bodyValue(Map.of("labels", labels)))
			.onErrorResume(ForgeException.class, (ex) -> {
				log.warn("Pull request {} stays without labels {}: {}", pull.url(), labels, ex.getMessage());
				return Mono.empty();
			});
	}

	@Override
	public Mono<ForgePullRequest> get(String id) {
		return ForgeApi.number(id).flatMap(this::read);
	}

	private Mono<ForgePullRequest> read(int number) {
		return this.api.send("reading pull request #" + number,
				this.api.web().get().uri("/repos/{owner}/{repo}/pulls/{number}", this.owner, this.repo, number),
				PullResource.class, PullResource::toForgePullRequest);
	}

	@Override
	public Mono<ForgePullRequest> merge(String id, String commitTitle) {
		return ForgeApi.number(id)
			.flatMap((number) -> this.api
				.send("merging pull request #" + number,
						this.api.web()
							.put()
							.uri("/repos/{owner}/{repo}/pulls/{number}/merge", this.owner, this.repo, number)
							.bodyValue(Map.of("commit_title", commitTitle, "merge_method", "merge")),
						MergeResult.class, Function.identity())
				.flatMap((result) -> read(number).map((pull) -> PullResource.merged(pull, result.sha()))));
	}

	@Override
	public Mono<ForgePullRequest> close(String id) {
		return ForgeApi.number(id)
			.flatMap((number) -> this.api.send("closing pull request #" + number,
					this.api.web()
						.patch()
						.uri("/repos/{owner}/{repo}/pulls/{number}", this.owner, this.repo, number)
						.bodyValue(Map.of("state", "closed")),
					PullResource.class, PullResource::toForgePullRequest));
	}

	@Override
	public Mono<ForgePullRequest> updateDescription(String id, String body) {
		return ForgeApi.number(id)
			.flatMap((number) -> this.api.send("updating the description of pull request #" + number,
					this.api.web()
						.patch()
						.uri("/repos/{owner}/{repo}/pulls/{number}", this.owner, this.repo, number)
						.bodyValue(Map.of("body", body)),
					PullResource.class, PullResource::toForgePullRequest));
	}

	/** GitHub's answer to a merge: {@code {"sha": "...", "merged": true, "message": "..."}}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record MergeResult(@Nullable String sha, boolean merged, @Nullable String message) {
	}

}
