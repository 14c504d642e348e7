package io.slipway.cluster;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The CronJob schedules backups use, read the way the CronJob controller reads them: the run
 * before and after a moment, table by table.
 */
class CronScheduleTests {

	@ParameterizedTest(name = "{0} at {1}: previous {2}, next {3}")
	@CsvSource(delimiter = '|', textBlock = """
			0 2 * * *        | 2026-11-23T03:00:00Z | 2026-11-23T02:00:00Z | 2026-11-24T02:00:00Z
			0 2 * * *        | 2026-11-23T02:00:00Z | 2026-11-23T02:00:00Z | 2026-11-24T02:00:00Z
			0 2 * * *        | 2026-11-23T01:59:00Z | 2026-11-22T02:00:00Z | 2026-11-23T02:00:00Z
			*/15 * * * *     | 2026-11-23T03:14:59Z | 2026-11-23T03:00:00Z | 2026-11-23T03:15:00Z
			5/20 * * * *     | 2026-11-23T03:50:00Z | 2026-11-23T03:45:00Z | 2026-11-23T04:05:00Z
			0 6,18 * * *     | 2026-11-23T12:00:00Z | 2026-11-23T06:00:00Z | 2026-11-23T18:00:00Z
			30 1-5/2 * * *   | 2026-11-23T04:00:00Z | 2026-11-23T03:30:00Z | 2026-11-23T05:30:00Z
			0 2 * * 1-5      | 2026-11-22T12:00:00Z | 2026-11-20T02:00:00Z | 2026-11-23T02:00:00Z
			0 2 * * MON-FRI  | 2026-11-22T12:00:00Z | 2026-11-20T02:00:00Z | 2026-11-23T02:00:00Z
			0 0 * * 7        | 2026-11-23T12:00:00Z | 2026-11-22T00:00:00Z | 2026-11-29T00:00:00Z
			0 0 * * sun      | 2026-11-23T12:00:00Z | 2026-11-22T00:00:00Z | 2026-11-29T00:00:00Z
			0 3 1 * *        | 2026-11-23T12:00:00Z | 2026-11-01T03:00:00Z | 2026-12-01T03:00:00Z
			0 3 1 JAN,jul *  | 2026-11-23T12:00:00Z | 2026-07-01T03:00:00Z | 2027-01-01T03:00:00Z
			0 0 13 * 5       | 2026-11-23T12:00:00Z | 2026-11-20T00:00:00Z | 2026-11-27T00:00:00Z
			0 0 29 2 *       | 2026-11-23T12:00:00Z | 2024-02-29T00:00:00Z | 2028-02-29T00:00:00Z
			0 0 ? * *        | 2026-11-23T12:00:00Z | 2026-11-23T00:00:00Z | 2026-11-24T00:00:00Z
			@daily           | 2026-11-23T12:00:00Z | 2026-11-23T00:00:00Z | 2026-11-24T00:00:00Z
			@midnight        | 2026-11-23T12:00:00Z | 2026-11-23T00:00:00Z | 2026-11-24T00:00:00Z
			@hourly          | 2026-11-23T12:30:00Z | 2026-11-23T12:00:00Z | 2026-11-23T13:00:00Z
			@weekly          | 2026-11-23T12:00:00Z | 2026-11-22T00:00:00Z | 2026-11-29T00:00:00Z
			@monthly         | 2026-11-23T12:00:00Z | 2026-11-01T00:00:00Z | 2026-12-01T00:00:00Z
			@yearly          | 2026-11-23T12:00:00Z | 2026-01-01T00:00:00Z | 2027-01-01T00:00:00Z
			@annually        | 2026-11-23T12:00:00Z | 2026-01-01T00:00:00Z | 2027-01-01T00:00:00Z
			CRON_TZ=Europe/Berlin 0 2 * * * | 2026-11-23T03:00:00Z | 2026-11-23T01:00:00Z | 2026-11-24T01:00:00Z
			TZ=America/New_York 0 2 * * *   | 2026-11-23T03:00:00Z | 2026-11-22T07:00:00Z | 2026-11-23T07:00:00Z
			@every 6h        | 2026-11-23T12:00:00Z | 2026-11-23T06:00:00Z | 2026-11-23T18:00:00Z
			@every 1h30m     | 2026-11-23T12:00:00Z | 2026-11-23T10:30:00Z | 2026-11-23T13:30:00Z
			""")
	void previousAndNextRun(String expression, Instant now, Instant previous, Instant next) {
		CronSchedule schedule = CronSchedule.parse(expression, ZoneOffset.UTC);

		assertThat(schedule.previous(now)).contains(previous);
		assertThat(schedule.next(now)).contains(next);
	}

	@ParameterizedTest(name = "{0} at {1}: every {2}")
	@CsvSource(delimiter = '|', textBlock = """
			0 2 * * *        | 2026-11-23T03:00:00Z | PT24H
			*/15 * * * *     | 2026-11-23T03:20:00Z | PT15M
			0 2 * * 1-5      | 2026-11-23T03:00:00Z | PT72H
			0 2 * * 1-5      | 2026-11-24T03:00:00Z | PT24H
			0 6,18 * * *     | 2026-11-23T19:00:00Z | PT12H
			@every 6h        | 2026-11-23T19:00:00Z | PT6H
			""")
	void intervalIsMeasuredOnTheScheduleItself(String expression, Instant now, Duration interval) {
		assertThat(CronSchedule.parse(expression, ZoneOffset.UTC).intervalBefore(now)).contains(interval);
	}

	@ParameterizedTest(name = "zone {0}")
	@CsvSource(delimiter = '|', textBlock = """
			Europe/Berlin    | 2026-11-23T01:00:00Z
			UTC              | 2026-11-23T02:00:00Z
			""")
	void theCronJobsTimeZoneSetsWhenItRuns(ZoneId zone, Instant previous) {
		assertThat(CronSchedule.parse("0 2 * * *", zone).previous(Instant.parse("2026-11-23T03:00:00Z")))
			.contains(previous);
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(delimiter = '|', textBlock = """
			0 2 * *          | has 4 fields; expected 5
			0 2 * * * *      | has 6 fields; expected 5
			60 2 * * *       | minute field '60' has values outside 0-59
			0 24 * * *       | hour field '24' has values outside 0-23
			0 2 0 * *        | day of month field '0' has values outside 1-31
			0 2 * 13 *       | month field '13' has values outside 1-12
			0 2 * * 8        | day of week field '8' has values outside 0-7
			0 5-2 * * *      | hour field '5-2' has values outside 0-23
			*/0 * * * *      | minute field '*/0' has a step of 0
			x 2 * * *        | minute field 'x' has 'x'
			0 2 * FOO *      | month field 'FOO' has 'FOO'
			0 2,,3 * * *     | hour field '2,,3' has an empty list item
			@fortnightly     | uses an unknown macro @fortnightly
			@every soon      | @every needs a duration such as 6h or 1h30m, not 'soon'
			CRON_TZ=Mars/Base 0 2 * * * | names an unknown time zone Mars/Base
			""")
	void rejectsWhatTheControllerRejectsSayingWhy(String expression, String problem) {
		assertThatIllegalArgumentException().isThrownBy(() -> CronSchedule.parse(expression, ZoneOffset.UTC))
			.withMessageContaining(problem)
			.withMessageContaining(expression);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			0 0 30 2 *
			0 0 31 4,6,9,11 *
			""")
	void aScheduleThatNeverFiresHasNoRuns(String expression) {
		CronSchedule schedule = CronSchedule.parse(expression, ZoneOffset.UTC);

		assertThat(schedule.previous(Instant.parse("2026-11-23T00:00:00Z"))).isEmpty();
		assertThat(schedule.next(Instant.parse("2026-11-23T00:00:00Z"))).isEmpty();
	}

}
