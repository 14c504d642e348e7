package io.slipway.platform;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Freeze windows block promotions exactly while they are in force, in the configured time zone.
 */
class FreezeWindowTests {

	private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	@Test
	void aDateRangeIsActiveFromItsStartUntilItsEnd() {
		FreezeWindow window = new FreezeWindow.DateRange(LocalDateTime.parse("2026-12-20T00:00"),
				LocalDateTime.parse("2027-01-02T00:00"), BERLIN, "Year-end freeze");

		assertThat(window.activeUntil(Instant.parse("2026-12-19T22:59:59Z"))).isEmpty();
		assertThat(window.activeUntil(Instant.parse("2026-12-19T23:00:00Z")))
			.contains(Instant.parse("2027-01-01T23:00:00Z"));
		assertThat(window.activeUntil(Instant.parse("2027-01-01T23:00:00Z"))).isEmpty();
	}

	@Test
	void aWeeklySlotOverTheWeekendCoversFridayEveningToMondayMorning() {
		FreezeWindow window = FreezeWindow.Weekly.parse("FRI 16:00 - MON 08:00", ZoneOffset.UTC, "Weekend");

		// 2026-08-07 is a Friday
		assertThat(window.activeUntil(Instant.parse("2026-08-07T15:59:00Z"))).isEmpty();
		assertThat(window.activeUntil(Instant.parse("2026-08-07T16:00:00Z")))
			.contains(Instant.parse("2026-08-10T08:00:00Z"));
		assertThat(window.activeUntil(Instant.parse("2026-08-09T12:00:00Z")))
			.contains(Instant.parse("2026-08-10T08:00:00Z"));
		assertThat(window.activeUntil(Instant.parse("2026-08-10T08:00:00Z"))).isEmpty();
		assertThat(window.activeUntil(Instant.parse("2026-08-12T12:00:00Z"))).isEmpty();
		assertThat(window.describe()).isEqualTo("FRI 16:00 - MON 08:00 (Z)");
	}

	@Test
	void aWeeklySlotWithinOneDayUsesItsTimeZone() {
		FreezeWindow window = FreezeWindow.Weekly.parse("wednesday 9:00 - wednesday 11:00", BERLIN, "Release meeting");

		// 2026-08-12 is a Wednesday; Berlin is UTC+2 in summer
		assertThat(window.activeUntil(Instant.parse("2026-08-12T06:59:00Z"))).isEmpty();
		assertThat(window.activeUntil(Instant.parse("2026-08-12T07:30:00Z")))
			.contains(Instant.parse("2026-08-12T09:00:00Z"));
		assertThat(window.activeUntil(Instant.parse("2026-08-12T09:00:00Z"))).isEmpty();
	}

	@Test
	void environmentsReadFreezeWindowsAndTheApproverGroupFromConfiguration() {
		var production = new PlatformProperties.EnvironmentSettings(null, null, 2, null, null, null, "release-managers",
				List.of(new PlatformProperties.FreezeWindowSettings("2026-12-20", "2027-01-02T00:00", null,
						"Europe/Berlin", "Year-end freeze"),
						new PlatformProperties.FreezeWindowSettings(null, null, "FRI 16:00 - MON 08:00", null, null)));
		Environments environments = new Environments(
				new PlatformProperties(List.of("staging", "production"), Map.of("production", production)));

		Environment resolved = environments.find("production").orElseThrow();
		assertThat(resolved.approverGroup()).isEqualTo("release-managers");
		assertThat(resolved.freezeWindows()).hasSize(2);
		assertThat(resolved.activeFreeze(Instant.parse("2026-12-24T12:00:00Z")))
			.hasValueSatisfying((active) -> assertThat(active.window().reason()).isEqualTo("Year-end freeze"));
		assertThat(resolved.activeFreeze(Instant.parse("2026-08-08T12:00:00Z")))
			.hasValueSatisfying((active) -> assertThat(active.window().reason()).isEqualTo("Freeze window"));
		assertThat(resolved.activeFreeze(Instant.parse("2026-08-12T12:00:00Z"))).isEmpty();
		assertThat(environments.find("staging").orElseThrow().approverGroup()).isNull();
		assertThat(environments.find("staging").orElseThrow().freezeWindows()).isEmpty();
	}

	@Test
	void aMalformedFreezeWindowStopsTheStartNamingTheKey() {
		var both = new PlatformProperties.EnvironmentSettings(null, null, null, null, null, null, null,
				List.of(new PlatformProperties.FreezeWindowSettings("2026-12-20", "2027-01-02", "FRI 16:00 - MON 08:00",
						null, "x")));
		assertThatIllegalStateException()
			.isThrownBy(() -> new Environments(
					new PlatformProperties(List.of("staging", "production"), Map.of("production", both))))
			.withMessageContaining("slipway.environments.production.freeze-windows[0]: set either from and to");
		var badZone = new PlatformProperties.EnvironmentSettings(null, null, null, null, null, null, null,
				List.of(new PlatformProperties.FreezeWindowSettings(null, null, "FRI 16:00 - MON 08:00", "Mars/Base",
						"x")));
		assertThatIllegalStateException()
			.isThrownBy(() -> new Environments(
					new PlatformProperties(List.of("staging", "production"), Map.of("production", badZone))))
			.withMessageContaining("freeze-windows[0].time-zone: 'Mars/Base'");
		var badSlot = new PlatformProperties.EnvironmentSettings(null, null, null, null, null, null, null,
				List.of(new PlatformProperties.FreezeWindowSettings(null, null, "Fridays", null, "x")));
		assertThatIllegalStateException()
			.isThrownBy(() -> new Environments(
					new PlatformProperties(List.of("staging", "production"), Map.of("production", badSlot))))
			.withMessageContaining("'Fridays' is not a weekly slot");
		var backwards = new PlatformProperties.EnvironmentSettings(null, null, null, null, null, null, null,
				List.of(new PlatformProperties.FreezeWindowSettings("2027-01-02", "2026-12-20", null, null, "x")));
		assertThatIllegalStateException()
			.isThrownBy(() -> new Environments(
					new PlatformProperties(List.of("staging", "production"), Map.of("production", backwards))))
			.withMessageContaining("must end after it starts");
	}

}
