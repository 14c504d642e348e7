package io.slipway.cluster;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Finds Kubernetes access as fabric8 does (in-cluster service account, {@code KUBECONFIG},
 * {@code ~/.kube/config}, {@code kubernetes.master}) and builds one client on the first call.
 * Nothing happens while the application starts: reading kubeconfig files and loading fabric8's
 * model costs start-up time a cluster-less install should not pay. Until access is found every
 * call says why there is none, and looks again, so a kubeconfig mounted later is picked up.
 */
@Component
class DiscoveringKubernetesClientProvider implements KubernetesClientProvider, DisposableBean {

	static final String DISABLED = "Kubernetes access switched off (slipway.cluster.enabled=false)";

	static final String NOT_CONFIGURED = "Kubernetes access not configured: no in-cluster service account, "
			+ "KUBECONFIG or ~/.kube/config found";

	private static final String SERVICE_ACCOUNT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

	private final ClusterProperties properties;

	private @Nullable KubernetesClient client;

	private boolean closed;

	DiscoveringKubernetesClientProvider(ClusterProperties properties) {
		this.properties = properties;
	}

	@Override
	public synchronized KubernetesClient client() {
		if (!this.properties.enabled()) {
			throw new KubernetesAccessMissing(DISABLED);
		}
		if (this.closed) {
			throw new KubernetesAccessMissing("Kubernetes access closed: Slipway is shutting down");
		}
		KubernetesClient existing = this.client;
		if (existing != null) {
			return existing;
		}
		Config config = Config.autoConfigure(null);
		if (!configured(config)) {
			throw new KubernetesAccessMissing(NOT_CONFIGURED);
		}
		config.setRequestTimeout(Math.toIntExact(this.properties.requestTimeout().toMillis()));
		config.setConnectionTimeout(Math.toIntExact(this.properties.connectTimeout().toMillis()));
		// fabric8 retries a failed request up to ten times with backoff by default, which keeps a
		// dead API server from showing as unreachable for minutes; the next refresh retries anyway.
		config.setRequestRetryBackoffLimit(0);
		KubernetesClient created = new KubernetesClientBuilder().withConfig(config).build();
		this.client = created;
		return created;
	}

	// fabric8 always answers a configuration (https://kubernetes.default.svc when it found
	// nothing); only one of these sources means someone configured access.
	private static boolean configured(Config config) {
		File kubeconfig = config.getFile();
		if (kubeconfig != null && kubeconfig.isFile()) {
			return true;
		}
		if (System.getProperty(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY) != null
				|| System.getenv("KUBERNETES_MASTER") != null) {
			return true;
		}
		String tokenFile = System.getProperty(Config.KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN_FILE_SYSTEM_PROPERTY,
				SERVICE_ACCOUNT_TOKEN);
		return System.getenv("KUBERNETES_SERVICE_HOST") != null && Files.isReadable(Path.of(tokenFile));
	}

	@Override
	public synchronized void destroy() {
		this.closed = true;
		KubernetesClient existing = this.client;
		this.client = null;
		if (existing != null) {
			existing.close();
		}
	}

}
