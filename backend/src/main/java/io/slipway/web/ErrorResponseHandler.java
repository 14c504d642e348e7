package io.slipway.web;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import io.slipway.argocd.ArgoCdApplications;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webflux.autoconfigure.error.DefaultErrorWebExceptionHandler;
import org.springframework.boot.webflux.error.ErrorAttributes;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;

/**
 * Answers every failed request in the form its caller reads: {@code application/problem+json}
 * under {@code /api/}, the error page inside the normal layout for browsers, Boot's JSON
 * otherwise. Replaces Boot's handler (same order) rather than wrapping it, so there is one place
 * that decides what an error looks like.
 */
@Component
@Order(-1)
class ErrorResponseHandler extends DefaultErrorWebExceptionHandler {

	static final String VIEW_ERROR = "error";

	static final String HX_REQUEST = "HX-Request";

	private static final MediaType TEXT_HTML_UTF8 = MediaType.parseMediaType("text/html;charset=UTF-8");

	// Optional like PageShellAdvice's, so that slice tests need not provide the Argo CD cache.
	private final ObjectProvider<ArgoCdApplications> argoCd;

	ErrorResponseHandler(ErrorAttributes errorAttributes, WebProperties webProperties,
			ObjectProvider<ViewResolver> viewResolvers, ServerCodecConfigurer codecs, ApplicationContext context,
			ObjectProvider<ArgoCdApplications> argoCd) {
		super(errorAttributes, webProperties.getResources(), webProperties.getError(), context);
		this.argoCd = argoCd;
		setViewResolvers(viewResolvers.orderedStream().toList());
		setMessageWriters(codecs.getWriters());
		setMessageReaders(codecs.getReaders());
	}

	@Override
	protected RouterFunction<ServerResponse> getRoutingFunction(ErrorAttributes errorAttributes) {
		return RouterFunctions.route(RequestPredicates.path("/api/**"), this::renderProblem)
			// htmx sends no text/html Accept header, but swaps the page like a browser would show it
			.andRoute(acceptsTextHtml().or(RequestPredicates.headers((headers) -> !headers.header(HX_REQUEST).isEmpty())),
					this::renderErrorPage)
			.andRoute(RequestPredicates.all(), this::renderErrorResponse);
	}

	private Mono<ServerResponse> renderErrorPage(ServerRequest request) {
		Map<String, Object> model = new HashMap<>(getErrorAttributes(request, ErrorAttributeOptions.defaults()));
		// Controller advice does not reach error handling: add what the page shell needs itself.
		CurrentUser user = request.exchange().getAttribute(CurrentUserOnErrorFilter.ATTRIBUTE);
		if (user != null) {
			model.put(PageShellAdvice.CURRENT_USER, user);
		}
		Mono<CsrfToken> csrfToken = request.exchange().getAttribute(CsrfToken.class.getName());
		if (csrfToken != null) {
			model.put("_csrf", csrfToken);
		}
		// an error page is a page too: it says how stale Argo CD's state is like every other one
		ArgoCdApplications applications = this.argoCd.getIfAvailable();
		ArgoCdOutage outage = (applications != null) ? ArgoCdOutage.of(applications.state()) : null;
		if (outage != null) {
			model.put(PageShellAdvice.ARGO_CD_OUTAGE, outage);
		}
		return ServerResponse.status(getHttpStatus(model)).contentType(TEXT_HTML_UTF8).render(VIEW_ERROR, model);
	}

	private Mono<ServerResponse> renderProblem(ServerRequest request) {
		Throwable error = getError(request);
		ProblemDetail problem;
		HttpStatusCode status;
		ServerResponse.BodyBuilder response;
		if (error instanceof ErrorResponse errorResponse) {
			status = errorResponse.getStatusCode();
			problem = errorResponse.getBody();
			response = ServerResponse.status(status).headers((headers) -> headers.addAll(errorResponse.getHeaders()));
		}
		else {
			Map<String, Object> attributes = getErrorAttributes(request, ErrorAttributeOptions.defaults());
			status = HttpStatusCode.valueOf(getHttpStatus(attributes));
			// Exception messages can carry internals; the log has them under the request id.
			problem = ProblemDetail.forStatusAndDetail(status, status.is5xxServerError()
					? "Slipway could not complete the request; see the server log for request " + request.exchange()
						.getRequest()
						.getId() : reasonOf(status));
			response = ServerResponse.status(status);
		}
		problem.setInstance(URI.create(request.path()));
		return response.contentType(MediaType.APPLICATION_PROBLEM_JSON).bodyValue(problem);
	}

	private static String reasonOf(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.getReasonPhrase() : String.valueOf(status.value());
	}

}
