package io.slipway.argocd;

import reactor.core.publisher.Mono;

/**
 * Whether Slipway can talk to Argo CD right now. Pages show this so that people know whether the
 * health and sync they see are live, and why not when they are not.
 * <p>
 * The answer never fails: an unreachable or unconfigured server is a status, not an error, so a
 * page that shows it keeps rendering.
 */
public interface ArgoCdConnection {

	/**
	 * The current connection status.
	 * @return one status; never an error signal
	 */
	Mono<ArgoCdConnectionStatus> status();

}
