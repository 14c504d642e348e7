package io.slipway.security;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.slipway.security.ApiTokenManagement.CreatedApiToken;
import io.slipway.security.ApiTokenRepository.ApiToken;
import org.jspecify.annotations.Nullable;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code /api/v1/tokens}: the caller's own API tokens. The secret appears in the creation
 * response only; listing shows names and dates. Another user's token is answered like a missing
 * one (404), so ids reveal nothing.
 */
@RestController
@RequestMapping("/api/v1/tokens")
class ApiTokenController {

	private final ApiTokenManagement tokens;

	private final MessageSource messages;

	ApiTokenController(ApiTokenManagement tokens, MessageSource messages) {
		this.tokens = tokens;
		this.messages = messages;
	}

	@PostMapping
	Mono<ResponseEntity<?>> createToken(@RequestBody TokenRequest request, Principal caller,
			Locale locale) {
		String problem = ApiTokenManagement.nameProblem(request.name());
		if (problem != null) {
			ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "invalid API token request");
			detail.setProperty("errors",
					List.of(Map.of("field", "name", "message", this.messages.getMessage(problem, null, locale))));
			return Mono.just(ResponseEntity.badRequest().body(detail));
		}
		return Mono.fromCallable(() -> this.tokens.create(caller.getName(), request.name().trim()))
			.subscribeOn(Schedulers.boundedElastic())
			.<ResponseEntity<?>>map(created -> ResponseEntity.created(URI.create("/api/v1/tokens/" + created.id())).body(created));
	}

	@GetMapping
	Mono<List<TokenView>> listTokens(Principal caller) {
		return Mono.fromCallable(() -> this.tokens.list(caller.getName()).stream().map(TokenView::of).toList())
			.subscribeOn(Schedulers.boundedElastic());
	}

	@DeleteMapping("/{id}")
	Mono<ResponseEntity<Void>> revokeToken(@PathVariable long id, Principal caller) {
		return Mono.fromCallable(() -> this.tokens.revoke(caller.getName(), id))
			.subscribeOn(Schedulers.boundedElastic())
			.map(revoked -> {
				if (!revoked) {
					throw new ResponseStatusException(HttpStatus.NOT_FOUND, "you have no API token " + id);
				}
				return ResponseEntity.noContent().<Void>build();
			});
	}

	/** Body of {@code POST /api/v1/tokens}. */
	record TokenRequest(@Nullable String name) {
	}

	/** A token as listed: no secret, no hash. */
	record TokenView(long id, String name, Instant createdAt, @Nullable Instant lastUsedAt) {

		static TokenView of(ApiToken token) {
			return new TokenView(token.id(), token.name(), token.createdAt(), token.lastUsedAt());
		}

	}

}
