package io.slipway.cluster;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What Slipway knows about its access to the Kubernetes API at one moment.
 *
 * @param state whether the API server answers
 * @param apiServerUrl the API server Slipway talks to; {@code null} when no access is configured
 * @param version the Kubernetes version when the server answered, else {@code null}
 * @param message why the state is what it is (a configuration hint or the last error with
 * context); never contains a credential
 * @param checkedAt when this status was determined
 */
public record ClusterConnectionStatus(State state, @Nullable String apiServerUrl, @Nullable String version,
		@Nullable String message, Instant checkedAt) {

	public ClusterConnectionStatus {
		Objects.requireNonNull(state, "state");
		Objects.requireNonNull(checkedAt, "checkedAt");
	}

	/**
	 * The status when Slipway has no Kubernetes access configured.
	 * @param message the hint to show
	 * @param checkedAt when this was determined
	 * @return a {@link State#NOT_CONNECTED} status
	 */
	public static ClusterConnectionStatus notConnected(String message, Instant checkedAt) {
		return new ClusterConnectionStatus(State.NOT_CONNECTED, null, null, message, checkedAt);
	}

	/**
	 * Connection states, in the words the UI shows.
	 */
	public enum State {

		/** The API server answered the last request; cluster views are live. */
		CONNECTED,

		/** Access is configured but the API server did not answer or refused the credentials. */
		UNREACHABLE,

		/** No in-cluster account, KUBECONFIG or ~/.kube/config was found. */
		NOT_CONNECTED

	}

}
