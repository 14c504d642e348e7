package io.slipway.alerting;

import org.springframework.stereotype.Component;

/**
 * Which labels identify a service's critical alerts ({@code slipway.alertmanager.service-label},
 * {@code .critical-severity}), for callers building a {@link FiringAlerts#matching} filter.
 */
@Component
public class AlertmanagerSettings {

	private final AlertmanagerProperties properties;

	AlertmanagerSettings(AlertmanagerProperties properties) {
		this.properties = properties;
	}

	/**
	 * @return the label naming the service on an alert
	 */
	public String serviceLabel() {
		return this.properties.serviceLabel();
	}

	/**
	 * @return the {@code severity} value of alerts that block promotions
	 */
	public String criticalSeverity() {
		return this.properties.criticalSeverity();
	}

}
