package io.slipway.onboarding;

import java.io.Serializable;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.slipway.changerequest.ChangeRequestConflictException;
import io.slipway.forge.ForgeException;
import io.slipway.gitops.GitOpsException;
import io.slipway.gitops.GitOpsProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code /template-packs}: each template pack's current version, the services behind it, and the
 * form that proposes re-rendering them in one change request. The form posts the chosen services
 * to {@code /template-packs/{pack}/upgrade}, which answers with the change request's page, or this
 * page again saying why nothing was written.
 */
@Controller
class TemplatePackPageController {

	static final String VIEW_TEMPLATE_PACKS = "onboarding/template-packs";

	/** Session attribute holding the result of a direct-mode upgrade until the page shows it. */
	static final String FLASH = TemplatePackPageController.class.getName() + ".flash";

	private static final Logger logger = LoggerFactory.getLogger(TemplatePackPageController.class);

	private final TemplatePackManagement templatePacks;

	private final GitOpsProperties gitProperties;

	TemplatePackPageController(TemplatePackManagement templatePacks, GitOpsProperties gitProperties) {
		this.templatePacks = templatePacks;
		this.gitProperties = gitProperties;
	}

	@GetMapping("/template-packs")
	Mono<String> showTemplatePacks(ServerWebExchange exchange, Model model) {
		return takeFlash(exchange).flatMap((flash) -> {
			flash.ifPresent((found) -> model.addAttribute("flash", found));
			return page(null, model);
		});
	}

	@PostMapping("/template-packs/{pack}/upgrade")
	Mono<String> processUpgrade(@PathVariable String pack, ServerWebExchange exchange, Principal caller, Model model) {
		return exchange.getFormData().flatMap((submitted) -> {
			List<String> services = submitted.getOrDefault("services", List.of());
			return this.templatePacks.upgrade(pack, services, caller.getName())
				.flatMap((result) -> redirectTo(result, exchange))
				.onErrorResume(UpgradeRefusedException.class, (ex) -> refused(exchange, HttpStatus.BAD_REQUEST, pack,
						ex.errors().stream().map(TemplatePackPageController::describe).toList(), model))
				.onErrorResume(UpgradeConflictException.class,
						(ex) -> refused(exchange, HttpStatus.CONFLICT, pack, List.of(ex.getMessage()), model))
				.onErrorResume(ChangeRequestConflictException.class,
						(ex) -> refused(exchange, HttpStatus.CONFLICT, pack, List.of(ex.getMessage()), model))
				.onErrorResume(UnknownTemplatePackException.class,
						(ex) -> refused(exchange, HttpStatus.NOT_FOUND, pack, List.of(ex.getMessage()), model))
				.onErrorResume((ex) -> ex instanceof GitOpsException || ex instanceof ForgeException, (ex) -> {
					logger.warn("Upgrading services to template pack {} failed: {}", pack, ex.getMessage());
					return refused(exchange, HttpStatus.SERVICE_UNAVAILABLE, pack, List.of(ex.getMessage()), model);
				});
		});
	}

	private Mono<String> redirectTo(UpgradeResult result, ServerWebExchange exchange) {
		if (result.changeRequest() != null) {
			return Mono.just("redirect:" + result.changeRequest().url());
		}
		// direct mode: the commit is on the main branch already; say so on this page
		Flash flash = new Flash(result.services().size(), result.pack() + "@" + result.version(), result.branch(),
				result.commit().substring(0, Math.min(7, result.commit().length())));
		return exchange.getSession()
			.doOnNext((session) -> session.getAttributes().put(FLASH, flash))
			.thenReturn("redirect:/template-packs");
	}

	private Mono<String> refused(ServerWebExchange exchange, HttpStatus status, String pack, List<String> messages,
			Model model) {
		exchange.getResponse().setStatusCode(status);
		return page(new Failure(pack, messages), model);
	}

	private Mono<String> page(@Nullable Failure failure, Model model) {
		model.addAttribute("failure", failure);
		model.addAttribute("direct", this.gitProperties.mode() == GitOpsProperties.Mode.DIRECT);
		return this.templatePacks.list().map((packs) -> {
			model.addAttribute("packs", packs.stream().map(PackView::of).toList());
			model.addAttribute("listingError", null);
			return VIEW_TEMPLATE_PACKS;
		}).onErrorResume(GitOpsException.class, (ex) -> {
			logger.warn("Could not list the template packs' services: {}", ex.getMessage());
			model.addAttribute("packs", List.of());
			model.addAttribute("listingError", "error reading the render records on the main branch: " + ex.getMessage());
			return Mono.just(VIEW_TEMPLATE_PACKS);
		});
	}

	private static String describe(FieldError error) {
		return error.field().startsWith("services.") ? error.message()
				: error.field() + ": " + error.message();
	}

	private static Mono<Optional<Flash>> takeFlash(ServerWebExchange exchange) {
		return exchange.getSession().map((session) -> {
			Map<String, Object> attributes = session.getAttributes();
			return Optional.ofNullable((Flash) attributes.remove(FLASH));
		});
	}

	/**
	 * A direct-mode upgrade, shown once after the redirect.
	 */
	record Flash(int services, String pack, String branch, String commit) implements Serializable {
	}

	/**
	 * Why the upgrade of {@code pack} wrote nothing.
	 */
	record Failure(String pack, List<String> messages) {
	}

	/**
	 * One pack as the page shows it.
	 *
	 * @param upToDate services at the current version (or newer), by name
	 */
	record PackView(String name, String version, String description, String branch, int rendered,
			List<TemplatePackStatus.Outdated> outdated, List<String> upToDate, boolean upgradable) {

		static PackView of(TemplatePackStatus status) {
			List<String> upToDate = new ArrayList<>();
			List<String> behind = status.outdated().stream().map(TemplatePackStatus.Outdated::name).toList();
			status.services().stream().map(TemplatePackStatus.Rendered::name).filter((name) -> !behind.contains(name))
				.forEach(upToDate::add);
			return new PackView(status.name(), status.version(), status.description(),
					TemplatePackManagement.branchOf(status.name(), status.version()), status.services().size(),
					status.outdated(), upToDate, !status.upgradable().isEmpty());
		}

		/** The API call the form mirrors, for the permission check. */
		public String upgradePath() {
			return "/api/v1/template-packs/" + this.name + "/upgrade";
		}

	}

}
