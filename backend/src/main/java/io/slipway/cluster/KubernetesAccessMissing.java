package io.slipway.cluster;

/**
 * No Kubernetes access is configured (or it is switched off): the reason, fit to show, says what
 * discovery looked for. Not an error of the cluster: views answer "not connected".
 */
class KubernetesAccessMissing extends RuntimeException {

	KubernetesAccessMissing(String reason) {
		super(reason, null, false, false);
	}

}
