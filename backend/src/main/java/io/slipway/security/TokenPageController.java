package io.slipway.security;

import java.security.Principal;

import io.slipway.security.ApiTokenManagement.CreatedApiToken;
import org.jspecify.annotations.Nullable;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code /account/tokens}: the page version of {@code /api/v1/tokens}. Plain forms, so it works
 * without JavaScript. A new secret survives one redirect in the session (post/redirect/get, so a
 * reload cannot create a second token) and is shown once.
 */
@Controller
class TokenPageController {

	static final String VIEW_TOKENS = "security/tokens";

	static final String REDIRECT_TOKENS = "redirect:/account/tokens";

	/** Session attribute holding a secret between its creation and the page that shows it. */
	private static final String CREATED = TokenPageController.class.getName() + ".created";

	private final ApiTokenManagement tokens;

	private final MessageSource messages;

	TokenPageController(ApiTokenManagement tokens, MessageSource messages) {
		this.tokens = tokens;
		this.messages = messages;
	}

	@GetMapping("/account/tokens")
	Mono<String> showTokens(Principal caller, ServerWebExchange exchange, Model model) {
		return exchange.getSession().flatMap(session -> {
			CreatedApiToken created = session.getAttribute(CREATED);
			if (created != null) {
				session.getAttributes().remove(CREATED);
				model.addAttribute("created", created);
			}
			return render(caller, model, new TokenForm(null), null);
		});
	}

	@PostMapping("/account/tokens")
	Mono<String> processTokenForm(@ModelAttribute("tokenForm") TokenForm form, Principal caller,
			ServerWebExchange exchange, Model model) {
		String problem = ApiTokenManagement.nameProblem(form.name());
		if (problem != null) {
			exchange.getResponse().setStatusCode(HttpStatus.BAD_REQUEST);
			return render(caller, model, form,
					this.messages.getMessage(problem, null, exchange.getLocaleContext().getLocale()));
		}
		String name = String.valueOf(form.name()).trim();
		return Mono.fromCallable(() -> this.tokens.create(caller.getName(), name))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap(created -> exchange.getSession().doOnNext(session -> session.getAttributes().put(CREATED, created)))
			.thenReturn(REDIRECT_TOKENS);
	}

	@PostMapping("/account/tokens/{id}/revoke")
	Mono<String> processRevoke(@PathVariable long id, Principal caller) {
		return Mono.fromCallable(() -> this.tokens.revoke(caller.getName(), id))
			.subscribeOn(Schedulers.boundedElastic())
			.map(revoked -> {
				if (!revoked) {
					throw new ResponseStatusException(HttpStatus.NOT_FOUND, "you have no API token " + id);
				}
				return REDIRECT_TOKENS + "?revoked";
			});
	}

	private Mono<String> render(Principal caller, Model model, TokenForm form, @Nullable String nameError) {
		model.addAttribute("tokenForm", form);
		model.addAttribute("nameError", nameError);
		model.addAttribute("maxNameLength", ApiTokenManagement.MAX_NAME_LENGTH);
		return Mono.fromCallable(() -> this.tokens.list(caller.getName()))
			.subscribeOn(Schedulers.boundedElastic())
			.map(list -> {
				model.addAttribute("tokens", list);
				return VIEW_TOKENS;
			});
	}

	/** The creation form. */
	record TokenForm(@Nullable String name) {
	}

}
