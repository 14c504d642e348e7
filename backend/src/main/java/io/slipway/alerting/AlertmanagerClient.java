package io.slipway.alerting;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@link FiringAlerts} over Alertmanager's API v2: {@code GET /api/v2/alerts} with
 * {@code active=true&silenced=false&inhibited=false} and one {@code filter=name="value"} per label,
 * which Alertmanager applies itself.
 */
@Component
@EnableConfigurationProperties(AlertmanagerProperties.class)
class AlertmanagerClient implements FiringAlerts {

	private final AlertmanagerProperties properties;

	private final WebClient web;

	AlertmanagerClient(AlertmanagerProperties properties, WebClient.Builder builder) {
		this.properties = properties;
		this.web = builder.clone().build();
	}

	@Override
	public Mono<AlertCheck> matching(Map<String, String> labels) {
		URI base = this.properties.url();
		if (base == null) {
			return Mono.just(new AlertCheck(AlertCheck.Outcome.NOT_CONFIGURED, List.of(), null,
					"slipway.alertmanager.url is not set"));
		}
		String source = base.getScheme() + "://" + base.getHost() + ((base.getPort() >= 0) ? ":" + base.getPort() : "");
		UriComponentsBuilder uri = UriComponentsBuilder.fromUri(base)
			.path("/api/v2/alerts")
			.queryParam("active", "true")
			.queryParam("silenced", "false")
			.queryParam("inhibited", "false");
		labels.forEach((name, value) -> uri.queryParam("filter", "{" + name + "}"));
		Map<String, Object> variables = new LinkedHashMap<>();
		labels.forEach((name, value) -> variables.put(name, name + "=\"" + value.replace("\"", "\\\"") + "\""));
		URI target = uri.encode().buildAndExpand(variables).toUri();
		return this.web.get()
			.uri(target)
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			.bodyToMono(JsonNode.class)
			.timeout(this.properties.timeout())
			.map((body) -> new AlertCheck(AlertCheck.Outcome.CHECKED, alerts(body), source, null))
			.onErrorResume((ex) -> Mono.just(new AlertCheck(AlertCheck.Outcome.UNREACHABLE, List.of(), source,
					"error reading alerts from " + source + ": " + describe(ex))));
	}

	private static List<AlertCheck.Alert> alerts(JsonNode body) {
		List<AlertCheck.Alert> alerts = new ArrayList<>();
		if (!body.isArray()) {
			throw new IllegalStateException("expected a JSON array of alerts");
		}
		for (JsonNode alert : body) {
			Map<String, String> labels = new LinkedHashMap<>();
			JsonNode labelNode = alert.path("labels");
			for (String name : labelNode.propertyNames()) {
				labels.put(name, labelNode.path(name).asString(""));
			}
			JsonNode annotations = alert.path("annotations");
			String summary = annotations.path("summary").asString(annotations.path("description").asString(""));
			alerts.add(new AlertCheck.Alert(labels.getOrDefault("alertname", ""), labels, summary,
					instant(alert.path("startsAt").asString(null))));
		}
		return alerts;
	}

	private static @Nullable Instant instant(@Nullable String text) {
		try {
			return (text != null) ? Instant.parse(text) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static String describe(Throwable ex) {
		String message = ex.getMessage();
		return ex.getClass().getSimpleName() + ((message != null) ? ": " + message.lines().findFirst().orElse("") : "");
	}

}
