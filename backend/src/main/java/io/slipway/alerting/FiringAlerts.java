package io.slipway.alerting;

import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * Alerts firing now, as Alertmanager reports them ({@code GET /api/v2/alerts}: active, neither
 * silenced nor inhibited), filtered by label equality.
 * <p>
 * Never fails: an Alertmanager that is not configured or does not answer is an
 * {@link AlertCheck} saying so, because a gate must tell "no alerts" from "could not look".
 */
public interface FiringAlerts {

	/**
	 * @param labels label name to the exact value each alert must carry, e.g.
	 * {@code service=payments, severity=critical}
	 * @return the matching firing alerts, or why they could not be read
	 */
	Mono<AlertCheck> matching(Map<String, String> labels);

}
