package io.slipway.catalog;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;

/**
 * Times as the catalog's pages write them: UTC, as Git and Argo CD show them, with the ISO form
 * for {@code <time datetime>}. Templates reach it as {@code times}.
 */
final class Times {

	static final Times UTC = new Times();

	private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private Times() {
	}

	public String format(@Nullable Instant time) {
		return (time != null) ? FULL.format(time) : "";
	}

	public String seconds(@Nullable Instant time) {
		return (time != null) ? SECONDS.format(time) : "";
	}

	/** A number of seconds as {@link #duration(Duration)} writes it. */
	public String durationOfSeconds(long seconds) {
		return duration(Duration.ofSeconds(seconds));
	}

	public String iso(@Nullable Instant time) {
		return (time != null) ? time.toString() : "";
	}

	/**
	 * A duration the way people say it: {@code 45s}, {@code 12m}, {@code 3h 5m}, {@code 2d 4h}.
	 */
	public String duration(@Nullable Duration duration) {
		if (duration == null) {
			return "";
		}
		long seconds = Math.max(0, duration.toSeconds());
		if (seconds < 60) {
			return seconds + "s";
		}
		if (seconds < 3600) {
			return (seconds / 60) + "m";
		}
		if (seconds < 86400) {
			long minutes = (seconds % 3600) / 60;
			return (seconds / 3600) + "h" + ((minutes > 0) ? " " + minutes + "m" : "");
		}
		long hours = (seconds % 86400) / 3600;
		return (seconds / 86400) + "d" + ((hours > 0) ? " " + hours + "h" : "");
	}

	public String since(@Nullable Instant time) {
		return (time != null) ? duration(Duration.between(time, Instant.now())) : "";
	}

}
