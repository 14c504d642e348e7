package io.slipway.forge.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.slipway.forge.ForgeClient;
import io.slipway.forge.ForgeException;
import io.slipway.forge.ForgePullRequest;
import io.slipway.forge.OpenPullRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Pull requests on Gitea (and Forgejo) through the REST API v1. Gitea labels pull requests by
 * label id, so names are looked up in the repository's labels first; a merge answers with an empty
 * body, so the pull request is read again for its merge commit.
 */
final class GiteaForgeClient implements ForgeClient {

	private static final Logger log = LoggerFactory.getLogger(GiteaForgeClient.class);

	/** Gitea's default cap on page sizes (MAX_RESPONSE_ITEMS). */
	static final int LABEL_PAGE_SIZE = 50;

	/** Enough for any sane repository; bounds the requests a broken paging header could cause. */
	private static final int MAX_LABEL_PAGES = 20;

	private static final ParameterizedTypeReference<List<LabelResource>> LABELS = new ParameterizedTypeReference<>() {
	};

	private final ForgeApi api;

	private final String owner;

	private final String repo;

	GiteaForgeClient(ForgeApi api, String owner, String repo) {
		this.api = api;
		this.owner = owner;
		this.repo = repo;
	}

	@Override
	public Mono<ForgePullRequest> open(OpenPullRequest request) {
		return labelIds(request.labels()).flatMap((labelIds) -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("head", request.head());
			body.put("base", request.base());
			body.put("title", request.title());
			body.put("body", request.body());
			body.put("labels", labelIds);
			return this.api.send("opening a pull request from " + request.head() + " into " + request.base(),
					this.api.web().post().uri("/repos/{owner}/{repo}/pulls", this.owner, this.repo).bodyValue(body),
					PullResource.class, PullResource::toForgePullRequest);
		});
	}

	private Mono<List<Long>> labelIds(List<String> names) {
		if (names.isEmpty()) {
			return Mono.just(List.of());
		}
		return labelPage(1, 0)
			.expand((page) -> page.hasNext() ? labelPage(page.number() + 1, page.seen()) : Mono.empty())
			.take(MAX_LABEL_PAGES)
			.flatMapIterable(LabelPage::labels)
			.collectList()
			.map((labels) -> {
				List<Long> ids = new ArrayList<>();
				for (String name : names) {
					labels.stream()
						.filter((label) -> label.name().equals(name))
						.findFirst()
						.ifPresentOrElse((label) -> ids.add(label.id()), () -> log.info(
								"Gitea repository {}/{} has no label '{}'; the pull request is opened without it",
								this.owner, this.repo, name));
				}
				return ids;
			})
			.onErrorResume(ForgeException.class, (ex) -> {
				log.warn("Pull request is opened without labels {}: {}", names, ex.getMessage());
				return Mono.just(List.of());
			});
	}

	private Mono<LabelPage> labelPage(int number, int seenBefore) {
		return this.api.send("listing the labels of " + this.owner + "/" + this.repo,
				this.api.web()
					.get()
					.uri("/repos/{owner}/{repo}/labels?page={page}&limit={limit}", this.owner, this.repo, number,
							LABEL_PAGE_SIZE),
				(response) -> {
					String total = response.headers().asHttpHeaders().getFirst("X-Total-Count");
					return response.bodyToMono(LABELS)
						.defaultIfEmpty(List.of())
						.map((labels) -> new LabelPage(number, labels, seenBefore + labels.size(),
								hasNext(labels.size(), seenBefore + labels.size(), total)));
				});
	}

	// Gitea may cap the page below the limit asked for; X-Total-Count says how many there are.
	private static boolean hasNext(int size, int seen, @Nullable String total) {
		if (size == 0) {
			return false;
		}
		if (total != null) {
			try {
				return seen < Long.parseLong(total.strip());
			}
			catch (NumberFormatException ex) {
				// a header we cannot read: fall back to the page size
			}
		}
		return size >= LABEL_PAGE_SIZE;
	}

	@Override
	public Mono<ForgePullRequest> get(String id) {
		return ForgeApi.number(id).flatMap(this::read);
	}

	private Mono<ForgePullRequest> read(int number) {
		return this.api.send("reading pull request #" + number,
				this.api.web().get().uri("/repos/{owner}/{repo}/pulls/{index}", this.owner, this.repo, number),
				PullResource.class, PullResource::toForgePullRequest);
	}

	@Override
	public Mono<ForgePullRequest> merge(String id, String commitTitle) {
		return ForgeApi.number(id)
			.flatMap((number) -> this.api
				.sendWithoutAnswer("merging pull request #" + number,
						this.api.web()
							.post()
							.uri("/repos/{owner}/{repo}/pulls/{index}/merge", this.owner, this.repo, number)
							.bodyValue(Map.of("Do", "merge", "MergeTitleField", commitTitle)))
				.then(Mono.defer(() -> read(number)))
				.map((pull) -> PullResource.merged(pull, null)));
	}

	@Override
	public Mono<ForgePullRequest> close(String id) {
		return ForgeApi.number(id)
			.flatMap((number) -> this.api.send("closing pull request #" + number,
					this.api.web()
						.patch()
						.uri("/repos/{owner}/{repo}/pulls/{index}", this.owner, this.repo, number)
						.bodyValue(Map.of("state", "closed")),
					PullResource.class, PullResource::toForgePullRequest));
	}

	@Override
	public Mono<ForgePullRequest> updateDescription(String id, String body) {
		return ForgeApi.number(id)
			.flatMap((number) -> this.api.send("updating the description of pull request #" + number,
					this.api.web()
						.patch()
						.uri("/repos/{owner}/{repo}/pulls/{index}", this.owner, this.repo, number)
						.bodyValue(Map.of("body", body)),
					PullResource.class, PullResource::toForgePullRequest));
	}

	/** A repository label: {@code {"id": 1, "name": "onboarding", "color": "...", ...}}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record LabelResource(long id, String name) {
	}

	private record LabelPage(int number, List<LabelResource> labels, int seen, boolean hasNext) {
	}

}
