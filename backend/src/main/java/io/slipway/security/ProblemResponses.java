package io.slipway.security;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Writes the refusals the security filters send before any controller runs, in the API's error
 * format ({@code application/problem+json}, RFC 9457) for API calls and as plain text for pages.
 */
final class ProblemResponses {

	private final JsonMapper json;

	ProblemResponses(JsonMapper json) {
		this.json = json;
	}

	Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		byte[] body;
		if (ApiRequests.isApi(exchange.getRequest())) {
			Map<String, Object> problem = new LinkedHashMap<>();
			problem.put("type", "about:blank");
			problem.put("title", status.getReasonPhrase());
			problem.put("status", status.value());
			problem.put("detail", detail);
			problem.put("instance", exchange.getRequest().getPath().value());
			response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
			body = this.json.writeValueAsBytes(problem);
		}
		else {
			response.getHeaders().setContentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8));
			body = (status.value() + " " + status.getReasonPhrase() + ": " + detail + "\n")
				.getBytes(StandardCharsets.UTF_8);
		}
		DataBuffer buffer = response.bufferFactory().wrap(body);
		return response.writeWith(Mono.just(buffer));
	}

}
