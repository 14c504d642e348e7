package io.slipway.promotion;

import java.io.Serializable;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.slipway.gitops.GitOpsException;
import io.slipway.platform.DeclaredService;
import io.slipway.platform.Environment;
import io.slipway.platform.Environments;
import io.slipway.platform.ServiceReleases;
import io.slipway.security.PermissionMatrix;
import io.slipway.security.Role;
import io.slipway.security.UserGroups;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code /promotions}: the list with its filters and the request form, and each promotion with
 * its candidate, diff, gates, checklist, approvals, steps and timeline. Actions are plain POST
 * forms on the paths of the API calls they mirror (so the permission matrix grants them alike),
 * each redirecting back with a one-time message kept in the session: everything works without
 * JavaScript. With htmx, the filters swap only the table, and an open promotion's live regions
 * (status, gates, steps, timeline) refresh every few seconds; when what the caller may do changes
 * (a phase, a vote, a checklist item), the page reloads instead, so no stale button stays.
 */
@Controller
class PromotionPageController {

	static final String VIEW_LIST = "promotion/list";

	static final String VIEW_RESULTS = "promotion/fragments :: results";

	static final String VIEW_DETAIL = "promotion/detail";

	static final String VIEW_LIVE = "promotion/fragments :: live";

	/** Session attribute holding the message of the last action until a page shows it. */
	private static final String FLASH = PromotionPageController.class.getName() + ".flash";

	private final PromotionManagement promotions;

	private final ServiceReleases releases;

	private final Environments environments;

	private final PermissionMatrix permissions;

	private final UserGroups groups;

	private final Clock clock;

	PromotionPageController(PromotionManagement promotions, ServiceReleases releases, Environments environments,
			PermissionMatrix permissions, UserGroups groups, ObjectProvider<Clock> clock) {
		this.promotions = promotions;
		this.releases = releases;
		this.environments = environments;
		this.permissions = permissions;
		this.groups = groups;
		this.clock = clock.getIfUnique(Clock::systemUTC);
	}

	// --- the list

	/**
	 * The filters as the form sent them; blank means any. {@code promote} preselects the service
	 * of the request form (the "Promote" links of other pages point here with it).
	 */
	record Filter(String service, String environment, String phase, String requester) {

		public boolean any() {
			return !this.service.isEmpty() || !this.environment.isEmpty() || !this.phase.isEmpty()
					|| !this.requester.isEmpty();
		}

	}

	@GetMapping("/promotions")
	Mono<String> showPromotions(@RequestParam(required = false) @Nullable String service,
			@RequestParam(required = false) @Nullable String environment,
			@RequestParam(required = false) @Nullable String phase,
			@RequestParam(required = false) @Nullable String requester,
			@RequestParam(required = false) @Nullable String promote, Authentication caller,
			ServerWebExchange exchange, Model model) {
		Filter filter = filter(service, environment, phase, requester);
		return results(filter, model).then(this.releases.listWithoutHistory().onErrorResume((ex) -> Mono.just(List.of())))
			.zipWith(takeFlash(exchange))
			.map((loaded) -> {
				List<String> services = loaded.getT1().stream().map(DeclaredService::name).sorted().toList();
				model.addAttribute("services", services);
				model.addAttribute("canRequest", allows(caller, "/api/v1/promotions"));
				model.addAttribute("promote", (promote != null && services.contains(promote)) ? promote : "");
				List<Environment> ordered = this.environments.all();
				Environment source = ordered.stream()
					.filter((candidate) -> this.environments.next(candidate.name()).isPresent())
					.reduce((first, second) -> second)
					.orElse(null);
				model.addAttribute("defaultFrom", (source != null) ? source.name() : "");
				model.addAttribute("defaultTo",
						(source != null) ? this.environments.next(source.name()).map(Environment::name).orElse("") : "");
				loaded.getT2().ifPresent((flash) -> model.addAttribute("flash", flash));
				return VIEW_LIST;
			});
	}

	/**
	 * htmx swaps only the table when the filters change, and polls it while it shows an open
	 * promotion; a history restore asks for the whole page, so it is left to
	 * {@link #showPromotions}.
	 */
	@GetMapping(path = "/promotions", headers = { "HX-Request=true", "!HX-History-Restore-Request" })
	Mono<String> showResults(@RequestParam(required = false) @Nullable String service,
			@RequestParam(required = false) @Nullable String environment,
			@RequestParam(required = false) @Nullable String phase,
			@RequestParam(required = false) @Nullable String requester, Model model) {
		return results(filter(service, environment, phase, requester), model).thenReturn(VIEW_RESULTS);
	}

	private Mono<Void> results(Filter filter, Model model) {
		PromotionPhase phase;
		try {
			phase = PromotionApiController.parsePhase(filter.phase());
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, ex.getMessage());
		}
		return this.promotions.list(filter.service(), filter.environment(), phase, filter.requester())
			.doOnNext((list) -> {
				java.time.Instant now = this.clock.instant();
				model.addAttribute("filter", filter);
				model.addAttribute("rows", list.stream().map((promotion) -> PromotionView.ListRow.of(promotion, now)).toList());
				model.addAttribute("anyOpen", list.stream().anyMatch((promotion) -> !promotion.phase().isTerminal()));
				model.addAttribute("environments", this.environments.all().stream().map(Environment::name).toList());
				model.addAttribute("phases", Arrays.stream(PromotionPhase.values()).map(Enum::name).toList());
			})
			.then();
	}

	private static Filter filter(@Nullable String service, @Nullable String environment, @Nullable String phase,
			@Nullable String requester) {
		return new Filter(trim(service), trim(environment), trim(phase), trim(requester));
	}

	@PostMapping("/promotions")
	Mono<String> processPromotionForm(Authentication caller, ServerWebExchange exchange) {
		return exchange.getFormData().flatMap((form) -> {
			String service = trim(form.getFirst("service"));
			String from = trim(form.getFirst("from"));
			String to = trim(form.getFirst("to"));
			if (service.isEmpty() || from.isEmpty() || to.isEmpty()) {
				return flash(exchange, new Flash(false, "promotions.flash.requestRefused",
						"service, from and to are required", false, null))
					.thenReturn("redirect:/promotions");
			}
			// request() checks the environments before it returns its Mono
			return Mono.defer(() -> this.promotions.request(service, from, to, caller.getName()))
				.flatMap((detail) -> flash(exchange,
						new Flash(true, "promotions.flash.requested", null, false, detail.promotion().id()))
					.thenReturn("redirect:" + detail.promotion().path()))
				.onErrorResume((ex) -> refusal(ex).isPresent(),
						(ex) -> flash(exchange, refusal(ex).orElseThrow().withKey("promotions.flash.requestRefused"))
							.thenReturn("redirect:/promotions?promote=" + service));
		});
	}

	// --- one promotion

	@GetMapping("/promotions/{id}")
	Mono<String> showPromotion(@PathVariable long id, Authentication caller, ServerWebExchange exchange, Model model) {
		return detail(id, caller).zipWith(takeFlash(exchange)).map((loaded) -> {
			model.addAttribute("view", loaded.getT1());
			loaded.getT2().ifPresent((flash) -> model.addAttribute("flash", flash));
			return VIEW_DETAIL;
		});
	}

	/**
	 * The live regions of an open promotion, polled by the page with the fingerprint it was
	 * rendered with: when the fingerprint no longer matches, htmx is told to reload the whole page
	 * ({@code HX-Refresh}), so its forms and buttons follow.
	 */
	@GetMapping(path = "/promotions/{id}", headers = { "HX-Request=true", "!HX-History-Restore-Request" })
	Mono<String> showLiveRegions(@PathVariable long id, @RequestParam(required = false) @Nullable String actions,
			Authentication caller, ServerWebExchange exchange, Model model) {
		return detail(id, caller).map((view) -> {
			if (actions != null && !actions.equals(view.fingerprint())) {
				exchange.getResponse().getHeaders().set("HX-Refresh", "true");
			}
			model.addAttribute("view", view);
			return VIEW_LIVE;
		});
	}

	private Mono<PromotionView.Detail> detail(long id, Authentication caller) {
		return this.promotions.find(id)
			.map((found) -> found.orElseThrow(
					() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "there is no promotion #" + id)))
			.map((detail) -> PromotionView.Detail.of(detail, caller(caller, detail.promotion())));
	}

	private PromotionView.Caller caller(Authentication caller, Promotion promotion) {
		String base = "/api/v1/promotions/" + promotion.id();
		boolean admin = isAdmin(caller);
		String group = promotion.approverGroup();
		return new PromotionView.Caller(caller.getName(), admin, allows(caller, base + "/checklist/1"),
				allows(caller, base + "/approvals"), allows(caller, base + "/reject"), allows(caller, base + "/merge"),
				allows(caller, base + "/abort"), group == null || this.groups.isMember(caller.getName(), group));
	}

	@PostMapping("/promotions/{id}/checklist/{item}")
	Mono<String> processChecklistItem(@PathVariable long id, @PathVariable int item, Authentication caller,
			ServerWebExchange exchange) {
		return exchange.getFormData()
			.flatMap((form) -> act(id, exchange,
					this.promotions.recordChecklistItem(id, item, form.containsKey("checked"), form.getFirst("note"),
							caller.getName()),
					form.containsKey("checked") ? "promotions.flash.checked" : "promotions.flash.unchecked",
					"promotions.flash.checklistRefused"));
	}

	@PostMapping("/promotions/{id}/approvals")
	Mono<String> processApproval(@PathVariable long id, Authentication caller, ServerWebExchange exchange) {
		return exchange.getFormData()
			.flatMap((form) -> act(id, exchange, this.promotions.approve(id, caller.getName(), form.getFirst("comment")),
					"promotions.flash.approved", "promotions.flash.approveRefused"));
	}

	@PostMapping("/promotions/{id}/reject")
	Mono<String> processRejection(@PathVariable long id, Authentication caller, ServerWebExchange exchange) {
		return exchange.getFormData()
			.flatMap((form) -> act(id, exchange, this.promotions.reject(id, caller.getName(), trim(form.getFirst("reason"))),
					"promotions.flash.rejected", "promotions.flash.rejectRefused"));
	}

	@PostMapping("/promotions/{id}/merge")
	Mono<String> processMerge(@PathVariable long id, Authentication caller, ServerWebExchange exchange) {
		return act(id, exchange, this.promotions.merge(id, caller.getName()), "promotions.flash.merging",
				"promotions.flash.mergeRefused");
	}

	@PostMapping("/promotions/{id}/abort")
	Mono<String> processAbort(@PathVariable long id, Authentication caller, ServerWebExchange exchange) {
		return act(id, exchange, this.promotions.abort(id, caller.getName(), isAdmin(caller)),
				"promotions.flash.aborted", "promotions.flash.abortRefused");
	}

	@PostMapping("/promotions/{id}/waivers")
	Mono<String> processWaiver(@PathVariable long id, Authentication caller, ServerWebExchange exchange) {
		return exchange.getFormData()
			.flatMap((form) -> act(id, exchange,
					this.promotions.waiveTargetHealth(id, caller.getName(), isAdmin(caller), trim(form.getFirst("reason"))),
					"promotions.flash.waived", "promotions.flash.waiveRefused"));
	}

	private Mono<String> act(long id, ServerWebExchange exchange, Mono<PromotionDetail> action, String doneKey,
			String refusedKey) {
		String back = "redirect:/promotions/" + id;
		return action.map((detail) -> new Flash(true, doneKey, null, false, id))
			.onErrorMap(PromotionNotFoundException.class,
					(ex) -> new ResponseStatusException(HttpStatus.NOT_FOUND, ex.getMessage()))
			.onErrorResume((ex) -> refusal(ex).isPresent(),
					(ex) -> Mono.just(refusal(ex).orElseThrow().withKey(refusedKey).withId(id)))
			.flatMap((flash) -> flash(exchange, flash))
			.thenReturn(back);
	}

	/**
	 * Refusals, and Git failures, carry messages meant for people: they are shown on the page.
	 * A refusal by the promotion's own rules (self-approval) is a 403, and says so.
	 */
	private static Optional<Flash> refusal(Throwable ex) {
		if (ex instanceof PromotionForbiddenException) {
			return Optional.of(new Flash(false, "", ex.getMessage(), true, null));
		}
		if (ex instanceof PromotionRefusedException || ex instanceof IllegalArgumentException
				|| ex instanceof PromotionNotFoundException || ex instanceof GitOpsException) {
			return Optional.of(new Flash(false, "", ex.getMessage(), false, null));
		}
		return Optional.empty();
	}

	private static Mono<Void> flash(ServerWebExchange exchange, Flash flash) {
		return exchange.getSession().doOnNext((session) -> session.getAttributes().put(FLASH, flash)).then();
	}

	private static Mono<Optional<Flash>> takeFlash(ServerWebExchange exchange) {
		return exchange.getSession().map((session) -> {
			Map<String, Object> attributes = session.getAttributes();
			return Optional.ofNullable((Flash) attributes.remove(FLASH));
		});
	}

	private boolean allows(Authentication caller, String path) {
		Set<Role> roles = Role.fromAuthorities(caller.getAuthorities());
		return this.permissions.allows(HttpMethod.POST, path, roles);
	}

	private static boolean isAdmin(Authentication caller) {
		return PromotionApiController.isAdmin(caller);
	}

	private static String trim(@Nullable String value) {
		return (value == null) ? "" : value.trim();
	}

	/**
	 * The outcome of the last action, shown once.
	 *
	 * @param success whether it was done
	 * @param key the message (the promotion's number is its argument)
	 * @param detail why it was refused, in the words of the refusal
	 * @param forbidden whether the promotion's rules forbid it for this user (403)
	 * @param id the promotion
	 */
	record Flash(boolean success, String key, @Nullable String detail, boolean forbidden,
			@Nullable Long id) implements Serializable {

		Flash withKey(String key) {
			return new Flash(this.success, key, this.detail, this.forbidden, this.id);
		}

		Flash withId(long id) {
			return new Flash(this.success, this.key, this.detail, this.forbidden, id);
		}

	}

}
