package io.slipway.platform;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A period during which nothing is promoted into an environment (rollbacks are not blocked:
 * they are how an incident ends). Either a one-off date range (a year-end freeze) or a weekly
 * recurring slot (no promotions from Friday 16:00 to Monday 08:00). Times are wall-clock times in
 * an explicit time zone, UTC unless configured, so "Friday 16:00" means what the team means even
 * across daylight-saving changes.
 */
public sealed interface FreezeWindow permits FreezeWindow.DateRange, FreezeWindow.Weekly {

	/**
	 * Why nothing may be promoted, shown with the refusal ("Year-end freeze").
	 */
	String reason();

	/**
	 * The time zone the window's times are in.
	 */
	ZoneId zone();

	/**
	 * When the window covering {@code now} ends, or empty when {@code now} is outside it.
	 * @param now the moment to check
	 * @return the end of the active occurrence
	 */
	Optional<Instant> activeUntil(Instant now);

	/**
	 * How configuration and pages write the window, e.g. {@code FRI 16:00 - MON 08:00 (UTC)}.
	 */
	String describe();

	/**
	 * From {@code start} (inclusive) to {@code end} (exclusive), once.
	 *
	 * @param start first frozen moment, wall-clock time in {@code zone}
	 * @param end first moment no longer frozen
	 * @param zone the time zone
	 * @param reason why
	 */
	record DateRange(LocalDateTime start, LocalDateTime end, ZoneId zone, String reason) implements FreezeWindow {

		public DateRange {
			if (!end.isAfter(start)) {
				throw new IllegalArgumentException("a freeze window must end after it starts: " + start + " - " + end);
			}
		}

		@Override
		public Optional<Instant> activeUntil(Instant now) {
			Instant from = this.start.atZone(this.zone).toInstant();
			Instant to = this.end.atZone(this.zone).toInstant();
			return (!now.isBefore(from) && now.isBefore(to)) ? Optional.of(to) : Optional.empty();
		}

		@Override
		public String describe() {
			return this.start + " - " + this.end + " (" + this.zone.getId() + ")";
		}

	}

	/**
	 * Every week from {@code startDay startTime} to {@code endDay endTime}; when the end comes
	 * before the start in the week (Friday to Monday), the slot runs over the weekend.
	 *
	 * @param startDay first frozen day
	 * @param startTime first frozen time on that day
	 * @param endDay day the freeze ends
	 * @param endTime first time no longer frozen on that day
	 * @param zone the time zone
	 * @param reason why
	 */
	record Weekly(DayOfWeek startDay, LocalTime startTime, DayOfWeek endDay, LocalTime endTime, ZoneId zone,
			String reason) implements FreezeWindow {

		private static final Pattern SYNTAX = Pattern
			.compile("\\s*([A-Za-z]{3,9})\\s+(\\d{1,2}:\\d{2})\\s*-\\s*([A-Za-z]{3,9})\\s+(\\d{1,2}:\\d{2})\\s*");

		public Weekly {
			if (startDay == endDay && startTime.equals(endTime)) {
				throw new IllegalArgumentException("a weekly freeze window must not start and end at the same time");
			}
		}

		/**
		 * Reads {@code FRI 16:00 - MON 08:00} (day names in English, three letters or in full).
		 * @param text the slot
		 * @param zone the time zone
		 * @param reason why
		 * @return the window
		 * @throws IllegalArgumentException when the text is not in that form
		 */
		public static Weekly parse(String text, ZoneId zone, String reason) {
			Matcher matcher = SYNTAX.matcher(text);
			if (!matcher.matches()) {
				throw new IllegalArgumentException("'" + text + "' is not a weekly slot like 'FRI 16:00 - MON 08:00'");
			}
			return new Weekly(day(matcher.group(1)), LocalTime.parse(pad(matcher.group(2))), day(matcher.group(3)),
					LocalTime.parse(pad(matcher.group(4))), zone, reason);
		}

		private static String pad(String time) {
			return (time.length() == 4) ? "0" + time : time;
		}

		private static DayOfWeek day(String name) {
			String upper = name.toUpperCase(Locale.ROOT);
			for (DayOfWeek day : DayOfWeek.values()) {
				if (day.name().equals(upper) || day.name().startsWith(upper) && upper.length() == 3) {
					return day;
				}
			}
			throw new IllegalArgumentException("'" + name + "' is not a day of the week");
		}

		@Override
		public Optional<Instant> activeUntil(Instant now) {
			ZonedDateTime local = now.atZone(this.zone);
			// the occurrence that started most recently (this week's or last week's)
			ZonedDateTime start = local.with(TemporalAdjusters.previousOrSame(this.startDay))
				.with(this.startTime)
				.truncatedTo(ChronoUnit.MINUTES);
			if (start.isAfter(local)) {
				start = start.minusWeeks(1);
			}
			long length = Duration.between(at(this.startDay, this.startTime), at(this.endDay, this.endTime)).toMinutes();
			if (length <= 0) {
				length += Duration.ofDays(7).toMinutes();
			}
			ZonedDateTime end = start.toLocalDateTime().plusMinutes(length).atZone(this.zone);
			return local.isBefore(end) ? Optional.of(end.toInstant()) : Optional.empty();
		}

		private static LocalDateTime at(DayOfWeek day, LocalTime time) {
			// any fixed week serves to measure the slot's length in wall-clock minutes
			return LocalDateTime.of(2024, 1, 1 + day.ordinal(), time.getHour(), time.getMinute());
		}

		@Override
		public String describe() {
			return name(this.startDay) + " " + this.startTime + " - " + name(this.endDay) + " " + this.endTime + " ("
					+ this.zone.getId() + ")";
		}

		private static String name(DayOfWeek day) {
			return day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toUpperCase(Locale.ROOT);
		}

	}

}
