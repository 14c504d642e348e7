package io.slipway.web;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

import io.slipway.argocd.ArgoCdApplications;
import org.jspecify.annotations.Nullable;
import org.thymeleaf.spring6.ISpringWebFluxTemplateEngine;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;

/**
 * Gives every page what the layout needs besides the CSRF token: the signed-in user, the main
 * navigation (rendered once, see {@link NavigationMenu}) and, while Argo CD cannot be reached, the
 * outage banner. Controller advice does not reach the error handler, so
 * {@link ErrorResponseHandler} adds the user and the banner itself (the user through
 * {@link CurrentUserOnErrorFilter}), and the layout renders the navigation itself there.
 */
@ControllerAdvice
class PageShellAdvice {

	static final String CURRENT_USER = "currentUser";

	static final String ARGO_CD_OUTAGE = "argoCdOutage";

	static final String NAVIGATION = "navigation";

	// Optional so that controller slice tests need not provide the Argo CD cache; looked up once,
	// not on every page view (a bean factory lookup was a measurable part of rendering a page)
	private final Supplier<@Nullable ArgoCdApplications> argoCd;

	private final NavigationMenu navigation;

	PageShellAdvice(ObjectProvider<ArgoCdApplications> argoCd, ISpringWebFluxTemplateEngine templates) {
		this.argoCd = SingletonSupplier.of(argoCd::getIfAvailable);
		this.navigation = new NavigationMenu(templates);
	}

	@ModelAttribute(CURRENT_USER)
	Mono<CurrentUser> currentUser(ServerWebExchange exchange) {
		return exchange.getPrincipal().mapNotNull(CurrentUser::of);
	}

	@ModelAttribute(NAVIGATION)
	NavigationMenu.ForRequest navigation(ServerWebExchange exchange) {
		Locale locale = Objects.requireNonNullElse(exchange.getLocaleContext().getLocale(), Locale.getDefault());
		return new NavigationMenu.ForRequest(this.navigation, exchange, locale);
	}

	/**
	 * The cache answers from memory, so this never waits on Argo CD.
	 * @return the outage, empty while Argo CD answers (or is not configured)
	 */
	@ModelAttribute(ARGO_CD_OUTAGE)
	Mono<ArgoCdOutage> argoCdOutage() {
		return Mono.fromSupplier(() -> {
			ArgoCdApplications applications = this.argoCd.get();
			return (applications != null) ? ArgoCdOutage.of(applications.state()) : null;
		});
	}

}
