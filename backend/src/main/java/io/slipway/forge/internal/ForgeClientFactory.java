package io.slipway.forge.internal;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import io.slipway.forge.ForgeClient;
import io.slipway.forge.ForgeProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Builds the client of the configured forge, each with the headers its API documents: GitHub a
 * bearer token, its JSON media type and API version; GitLab a bearer token (personal, project and
 * group access tokens and OAuth tokens alike); Gitea {@code Authorization: token ...}.
 */
final class ForgeClientFactory {

	static final String GITHUB_API_VERSION = "2022-11-28";

	private ForgeClientFactory() {
	}

	static ForgeClient create(ForgeProperties properties, WebClient.Builder builder) {
		String token = Objects.requireNonNull(properties.token(), "slipway.forge.token");
		String repository = Objects.requireNonNull(properties.repository(), "slipway.forge.repository");
		return switch (properties.type()) {
			case GITHUB -> new GitHubForgeClient(api(properties, builder, (headers) -> {
				headers.setBearerAuth(token);
				headers.set(HttpHeaders.ACCEPT, "application/vnd.github+json");
				headers.set("X-GitHub-Api-Version", GITHUB_API_VERSION);
			}), owner(repository), name(repository));
			case GITLAB -> new GitLabForgeClient(api(properties, builder, (headers) -> {
				headers.setBearerAuth(token);
				headers.setAccept(List.of(MediaType.APPLICATION_JSON));
			}), repository);
			case GITEA -> new GiteaForgeClient(api(properties, builder, (headers) -> {
				headers.set(HttpHeaders.AUTHORIZATION, "token " + token);
				headers.setAccept(List.of(MediaType.APPLICATION_JSON));
			}), owner(repository), name(repository));
			case NONE -> throw new IllegalArgumentException("slipway.forge.type is none: there is no forge to talk to");
		};
	}

	private static ForgeApi api(ForgeProperties properties, WebClient.Builder builder,
			Consumer<HttpHeaders> authentication) {
		String url = Objects.requireNonNull(properties.url(), "slipway.forge.url");
		String token = Objects.requireNonNull(properties.token(), "slipway.forge.token");
		WebClient web = builder.clone()
			.baseUrl(url)
			.defaultHeaders((headers) -> {
				headers.set(HttpHeaders.USER_AGENT, userAgent());
				authentication.accept(headers);
			})
			.build();
		return new ForgeApi(properties.type().displayName(), url, token, properties.timeout(), web);
	}

	// GitHub refuses requests without a User-Agent; the others log it.
	private static String userAgent() {
		String version = ForgeClientFactory.class.getPackage().getImplementationVersion();
		return (version != null) ? "Slipway/" + version : "Slipway";
	}

	private static String owner(String repository) {
		return repository.substring(0, repository.indexOf('/'));
	}

	private static String name(String repository) {
		return repository.substring(repository.indexOf('/') + 1);
	}

}
