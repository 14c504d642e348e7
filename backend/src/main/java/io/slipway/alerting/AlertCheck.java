package io.slipway.alerting;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The answer of {@link FiringAlerts#matching}.
 *
 * @param outcome whether Alertmanager was asked and answered
 * @param alerts the firing alerts that matched; empty unless {@link Outcome#CHECKED}
 * @param source the Alertmanager asked (without credentials), {@code null} when none is configured
 * @param error what went wrong, with context, when {@link Outcome#UNREACHABLE}
 */
public record AlertCheck(Outcome outcome, List<Alert> alerts, @Nullable String source, @Nullable String error) {

	public AlertCheck {
		alerts = List.copyOf(alerts);
	}

	/**
	 * Whether Alertmanager answered.
	 */
	public enum Outcome {

		/** Alertmanager answered; {@code alerts} is the truth. */
		CHECKED,

		/** {@code slipway.alertmanager.url} is not set. */
		NOT_CONFIGURED,

		/** Alertmanager did not answer or answered with an error. */
		UNREACHABLE

	}

	/**
	 * One firing alert.
	 *
	 * @param name its {@code alertname} label
	 * @param labels all its labels
	 * @param summary its {@code summary} (or {@code description}) annotation, {@code ""} when none
	 * @param startsAt since when it fires
	 */
	public record Alert(String name, Map<String, String> labels, String summary, @Nullable Instant startsAt) {

		public Alert {
			labels = Map.copyOf(labels);
		}

	}

}
