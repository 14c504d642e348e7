package io.slipway.web;

import io.slipway.argocd.ArgoCdApplications;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;

/**
 * Gives every page what the layout needs besides the CSRF token: the signed-in user and, while
 * Argo CD cannot be reached, the outage banner. Controller advice does not reach the error
 * handler, so {@link ErrorResponseHandler} adds both itself (the user through
 * {@link CurrentUserOnErrorFilter}).
 */
@ControllerAdvice
class PageShellAdvice {

	static final String CURRENT_USER = "currentUser";

	static final String ARGO_CD_OUTAGE = "argoCdOutage";

	// Optional so that controller slice tests need not provide the Argo CD cache.
	private final ObjectProvider<ArgoCdApplications> argoCd;

	PageShellAdvice(ObjectProvider<ArgoCdApplications> argoCd) {
		this.argoCd = argoCd;
	}

	@ModelAttribute(CURRENT_USER)
	Mono<CurrentUser> currentUser(ServerWebExchange exchange) {
		return exchange.getPrincipal().mapNotNull(CurrentUser::of);
	}

	/**
	 * The cache answers from memory, so this never waits on Argo CD.
	 * @return the outage, empty while Argo CD answers (or is not configured)
	 */
	@ModelAttribute(ARGO_CD_OUTAGE)
	Mono<ArgoCdOutage> argoCdOutage() {
		return Mono.fromSupplier(() -> {
			ArgoCdApplications applications = this.argoCd.getIfAvailable();
			return (applications != null) ? ArgoCdOutage.of(applications.state()) : null;
		});
	}

}
