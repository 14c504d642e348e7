package io.slipway.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;

/**
 * A moment as pages show it: machine-readable for {@code <time datetime>} and a fixed UTC text,
 * so that people comparing times with Argo CD or Git logs in an incident read the same zone.
 */
record DisplayTime(String iso, String text) {

	private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	static @Nullable DisplayTime of(@Nullable Instant instant) {
		return (instant != null) ? new DisplayTime(instant.toString(), TEXT.format(instant)) : null;
	}

}
