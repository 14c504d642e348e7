package io.slipway.forge.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a forge's own explanation out of an error body, whichever shape that forge uses:
 * <ul>
 * <li>GitHub: {@code {"message": "Validation Failed", "errors": [{"message": "A pull request
 * already exists for ..."}]}};</li>
 * <li>GitLab: {@code {"message": "404 Project Not Found"}}, {@code {"message": ["Another open merge
 * request already exists ..."]}}, {@code {"message": {"title": ["can't be blank"]}}} or
 * {@code {"error": "..."}};</li>
 * <li>Gitea: {@code {"message": "...", "url": "..."}}.</li>
 * </ul>
 * Bodies that are not JSON (a proxy's HTML page) give nothing, so the caller falls back to the
 * HTTP reason phrase rather than quoting markup.
 */
final class ForgeErrorMessage {

	/** Long enough for any forge's sentence, short enough for a log line. */
	private static final int MAX_LENGTH = 500;

	private ForgeErrorMessage() {
	}

	static Optional<String> from(String body) {
		if (body.isBlank()) {
			return Optional.empty();
		}
		JsonNode root;
		try {
			root = JsonMapper.shared().readTree(body);
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
		if (!root.isObject()) {
			return Optional.empty();
		}
		// Gitea repeats its message in "errors"; say it once
		Set<String> parts = new LinkedHashSet<>();
		text(root.get("message")).ifPresent(parts::add);
		text(root.get("error")).ifPresent(parts::add);
		text(root.get("error_description")).ifPresent(parts::add);
		errors(root.get("errors")).ifPresent(parts::add);
		String message = String.join(": ", parts).strip();
		return message.isEmpty() ? Optional.empty() : Optional.of(shorten(message));
	}

	private static Optional<String> text(JsonNode node) {
		if (node == null || node.isNull()) {
			return Optional.empty();
		}
		if (node.isString()) {
			return Optional.of(node.stringValue()).filter((value) -> !value.isBlank());
		}
		if (node.isArray()) {
			String joined = node.valueStream()
				.map(ForgeErrorMessage::text)
				.flatMap(Optional::stream)
				.collect(Collectors.joining("; "));
			return Optional.of(joined).filter((value) -> !value.isBlank());
		}
		if (node.isObject()) {
			// GitLab's validation errors: {"title": ["can't be blank"], "source_branch": [...]}
			String joined = node.properties()
				.stream()
				.map((Map.Entry<String, JsonNode> field) -> text(field.getValue())
					.map((value) -> field.getKey() + " " + value))
				.flatMap(Optional::stream)
				.collect(Collectors.joining("; "));
			return Optional.of(joined).filter((value) -> !value.isBlank());
		}
		return Optional.of(node.asString());
	}

	private static Optional<String> errors(JsonNode errors) {
		if (errors == null || !errors.isArray()) {
			return Optional.empty();
		}
		String joined = errors.valueStream()
			.map(ForgeErrorMessage::error)
			.flatMap(Optional::stream)
			.distinct()
			.collect(Collectors.joining("; "));
		return Optional.of(joined).filter((value) -> !value.isBlank());
	}

	private static Optional<String> error(JsonNode error) {
		if (!error.isObject()) {
			return text(error);
		}
		Optional<String> message = text(error.get("message"));
		if (message.isPresent()) {
			return message;
		}
		// GitHub without a message: {"resource": "PullRequest", "field": "head", "code": "invalid"}
		String described = List.of("resource", "field", "code")
			.stream()
			.map(error::get)
			.map(ForgeErrorMessage::text)
			.flatMap(Optional::stream)
			.collect(Collectors.joining(" "));
		return Optional.of(described).filter((value) -> !value.isBlank());
	}

	private static String shorten(String message) {
		return (message.length() <= MAX_LENGTH) ? message : message.substring(0, MAX_LENGTH) + "…";
	}

}
