package io.slipway.cluster;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A Kubernetes CronJob schedule: standard five fields (minute, hour, day of month, month, day of
 * week) with lists, ranges, steps, month and day names, {@code ?}, Sunday as 0 or 7, the
 * {@code @hourly}-style macros, an optional {@code CRON_TZ=}/{@code TZ=} prefix, and Velero's
 * {@code @every <duration>}.
 * <p>
 * Spring's {@code CronExpression} wants six fields and only looks forward; freshness needs the
 * scheduled times before now, so this reads the expression itself. As in Vixie cron (and the
 * CronJob controller), when both day fields are restricted a day matching either counts.
 */
final class CronSchedule {

	private static final Map<String, String> MACROS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
			"@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
			"@hourly", "0 * * * *");

	private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
			"OCT", "NOV", "DEC");

	private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

	private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s)");

	// Far enough back for a schedule that only fires on 29 February of a leap year.
	private static final int SEARCH_DAYS = 8 * 366;

	private final String expression;

	private final ZoneId zone;

	private final @Nullable Duration every;

	private final BitSet minutes;

	private final BitSet hours;

	private final BitSet daysOfMonth;

	private final BitSet months;

	private final BitSet daysOfWeek;

	private final boolean daysOfMonthRestricted;

	private final boolean daysOfWeekRestricted;

	private CronSchedule(String expression, ZoneId zone, @Nullable Duration every, BitSet[] fields,
			boolean daysOfMonthRestricted, boolean daysOfWeekRestricted) {
		this.expression = expression;
		this.zone = zone;
		this.every = every;
		this.minutes = fields[0];
		this.hours = fields[1];
		this.daysOfMonth = fields[2];
		this.months = fields[3];
		this.daysOfWeek = fields[4];
		this.daysOfMonthRestricted = daysOfMonthRestricted;
		this.daysOfWeekRestricted = daysOfWeekRestricted;
	}

	/**
	 * Reads a schedule.
	 * @param expression the CronJob's {@code spec.schedule}
	 * @param zone the zone it runs in when it names none ({@code spec.timeZone}, else UTC)
	 * @return the schedule
	 * @throws IllegalArgumentException naming what is wrong with the expression
	 */
	static CronSchedule parse(String expression, ZoneId zone) {
		String text = expression.strip();
		ZoneId effectiveZone = zone;
		if (text.startsWith("CRON_TZ=") || text.startsWith("TZ=")) {
			int space = text.indexOf(' ');
			if (space < 0) {
				throw new IllegalArgumentException("schedule '" + expression + "' names a time zone but no times");
			}
			String zoneId = text.substring(text.indexOf('=') + 1, space);
			try {
				effectiveZone = ZoneId.of(zoneId);
			}
			catch (DateTimeException ex) {
				throw new IllegalArgumentException("schedule '" + expression + "' names an unknown time zone " + zoneId);
			}
			text = text.substring(space + 1).strip();
		}
		String lower = text.toLowerCase(Locale.ROOT);
		if (lower.startsWith("@every ")) {
			Duration every = goDuration(text.substring("@every ".length()).strip(), expression);
			return new CronSchedule(expression, effectiveZone, every, new BitSet[5], false, false);
		}
		if (text.startsWith("@")) {
			String expanded = MACROS.get(lower);
			if (expanded == null) {
				throw new IllegalArgumentException("schedule '" + expression + "' uses an unknown macro " + text);
			}
			text = expanded;
		}
		String[] parts = text.split("\\s+");
		if (parts.length != 5) {
			throw new IllegalArgumentException("schedule '" + expression + "' has " + parts.length
					+ " fields; expected 5 (minute hour day-of-month month day-of-week)");
		}
		BitSet[] fields = new BitSet[5];
		fields[0] = field(parts[0], 0, 59, List.of(), "minute", expression);
		fields[1] = field(parts[1], 0, 23, List.of(), "hour", expression);
		fields[2] = field(parts[2], 1, 31, List.of(), "day of month", expression);
		fields[3] = field(parts[3], 1, 12, MONTHS, "month", expression);
		BitSet daysOfWeek = field(parts[4], 0, 7, DAYS, "day of week", expression);
		if (daysOfWeek.get(7)) {
			daysOfWeek.set(0);
			daysOfWeek.clear(7);
		}
		fields[4] = daysOfWeek;
		return new CronSchedule(expression, effectiveZone, null, fields, restricted(parts[2]), restricted(parts[4]));
	}

	/**
	 * @return the expression as written
	 */
	String expression() {
		return this.expression;
	}

	/**
	 * The latest scheduled time at or before {@code instant}.
	 * @param instant the moment to look back from
	 * @return that time, empty when the schedule never fires (e.g. 30 February)
	 */
	Optional<Instant> previous(Instant instant) {
		if (this.every != null) {
			// Velero anchors @every to when the schedule was created, which Slipway does not
			// know; the interval back from now gives the same deadline.
			return Optional.of(instant.minus(this.every).truncatedTo(ChronoUnit.SECONDS));
		}
		ZonedDateTime at = instant.atZone(this.zone);
		LocalDate day = at.toLocalDate();
		for (int i = 0; i <= SEARCH_DAYS; i++, day = day.minusDays(1)) {
			if (!matchesDay(day)) {
				continue;
			}
			for (int hour = this.hours.previousSetBit(23); hour >= 0; hour = this.hours.previousSetBit(hour - 1)) {
				for (int minute = this.minutes.previousSetBit(59); minute >= 0; minute = this.minutes
					.previousSetBit(minute - 1)) {
					Instant candidate = ZonedDateTime.of(day, LocalTime.of(hour, minute), this.zone)
						.toInstant();
					if (!candidate.isAfter(instant)) {
						return Optional.of(candidate);
					}
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * The earliest scheduled time strictly after {@code instant}.
	 * @param instant the moment to look forward from
	 * @return that time, empty when the schedule never fires
	 */
	Optional<Instant> next(Instant instant) {
		if (this.every != null) {
			return Optional.of(instant.plus(this.every).truncatedTo(ChronoUnit.SECONDS));
		}
		ZonedDateTime at = instant.atZone(this.zone);
		LocalDate day = at.toLocalDate();
		for (int i = 0; i <= SEARCH_DAYS; i++, day = day.plusDays(1)) {
			if (!matchesDay(day)) {
				continue;
			}
			for (int hour = this.hours.nextSetBit(0); hour >= 0; hour = this.hours.nextSetBit(hour + 1)) {
				for (int minute = this.minutes.nextSetBit(0); minute >= 0; minute = this.minutes.nextSetBit(minute + 1)) {
					Instant candidate = ZonedDateTime.of(day, LocalTime.of(hour, minute), this.zone)
						.toInstant();
					if (candidate.isAfter(instant)) {
						return Optional.of(candidate);
					}
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * The gap between the two scheduled times up to {@code instant}: what "every 24 h" means for
	 * this schedule at that moment (weekday-only schedules have a longer gap over the weekend).
	 * @param instant the moment to look back from
	 * @return the gap, empty when the schedule does not fire twice
	 */
	Optional<Duration> intervalBefore(Instant instant) {
		if (this.every != null) {
			return Optional.of(this.every);
		}
		return previous(instant).flatMap((last) -> previous(last.minusSeconds(1))
			.map((before) -> Duration.between(before, last)));
	}

	private boolean matchesDay(LocalDate day) {
		if (!this.months.get(day.getMonthValue())) {
			return false;
		}
		boolean dayOfMonth = this.daysOfMonth.get(day.getDayOfMonth());
		boolean dayOfWeek = this.daysOfWeek.get(day.getDayOfWeek().getValue() % 7);
		if (this.daysOfMonthRestricted && this.daysOfWeekRestricted) {
			return dayOfMonth || dayOfWeek;
		}
		return dayOfMonth && dayOfWeek;
	}

	private static boolean restricted(String field) {
		return !field.equals("*") && !field.equals("?") && !field.startsWith("*/");
	}

	private static BitSet field(String field, int min, int max, List<String> names, String what, String expression) {
		BitSet values = new BitSet(max + 1);
		for (String item : field.split(",", -1)) {
			if (item.isEmpty()) {
				throw invalid(expression, what, field, "an empty list item");
			}
			String range = item;
			int step = 1;
			int slash = item.indexOf('/');
			if (slash >= 0) {
				range = item.substring(0, slash);
				step = number(item.substring(slash + 1), expression, what, field);
				if (step < 1) {
					throw invalid(expression, what, field, "a step of " + step);
				}
			}
			int from;
			int to;
			if (range.equals("*") || range.equals("?")) {
				from = min;
				to = max;
			}
			else {
				int dash = range.indexOf('-');
				from = value(dash >= 0 ? range.substring(0, dash) : range, names, min, expression, what, field);
				// "5/15" means from 5 to the end in steps of 15, as in Vixie cron
				to = (dash >= 0) ? value(range.substring(dash + 1), names, min, expression, what, field)
						: (slash >= 0) ? max : from;
			}
			if (from < min || to > max || from > to) {
				throw invalid(expression, what, field, "values outside " + min + "-" + max);
			}
			for (int value = from; value <= to; value += step) {
				values.set(value);
			}
		}
		return values;
	}

	private static int value(String text, List<String> names, int min, String expression, String what, String field) {
		int index = names.indexOf(text.toUpperCase(Locale.ROOT));
		if (index >= 0) {
			// month names count from 1, day names from 0 (Sunday)
			return index + ((min == 1) ? 1 : 0);
		}
		return number(text, expression, what, field);
	}

	private static int number(String text, String expression, String what, String field) {
		try {
			return Integer.parseInt(text);
		}
		catch (NumberFormatException ex) {
			throw invalid(expression, what, field, "'" + text + "'");
		}
	}

	private static IllegalArgumentException invalid(String expression, String what, String field, String problem) {
		return new IllegalArgumentException(
				"schedule '" + expression + "': " + what + " field '" + field + "' has " + problem);
	}

	private static Duration goDuration(String text, String expression) {
		Matcher matcher = GO_DURATION.matcher(text);
		Duration total = Duration.ZERO;
		int end = 0;
		while (matcher.find()) {
			if (matcher.start() != end) {
				break;
			}
			end = matcher.end();
			double amount = Double.parseDouble(matcher.group(1));
			long millis = switch (matcher.group(2)) {
				case "h" -> Math.round(amount * 3_600_000);
				case "m" -> Math.round(amount * 60_000);
				case "s" -> Math.round(amount * 1_000);
				default -> Math.round(amount);
			};
			total = total.plusMillis(millis);
		}
		if (end != text.length() || text.isEmpty() || total.isZero()) {
			throw new IllegalArgumentException(
					"schedule '" + expression + "': @every needs a duration such as 6h or 1h30m, not '" + text + "'");
		}
		return total;
	}

	@Override
	public String toString() {
		return this.expression;
	}

}
