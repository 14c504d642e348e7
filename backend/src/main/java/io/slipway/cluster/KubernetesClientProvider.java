package io.slipway.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Where the cluster module gets its fabric8 client. The one in use discovers access the way
 * fabric8 does and builds the client on first use, never while the application starts; tests
 * replace it with one pointing at fabric8's mock API server.
 */
@FunctionalInterface
interface KubernetesClientProvider {

	/**
	 * The client; blocking (reads configuration files), so call it off the event loop.
	 * @return the shared client; callers must not close it
	 * @throws KubernetesAccessMissing when no access is configured or access is switched off
	 */
	KubernetesClient client();

}
