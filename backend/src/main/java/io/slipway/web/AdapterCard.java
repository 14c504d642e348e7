package io.slipway.web;

import org.jspecify.annotations.Nullable;

/**
 * A connection card for a system Slipway reads through an HTTP API (Argo CD, Kubernetes).
 *
 * @param state whether it answers
 * @param url the server Slipway talks to, {@code null} when none is configured
 * @param version what the server reported about itself
 * @param message why the state is what it is
 * @param checkedAt when the state was determined
 */
record AdapterCard(ConnectionState state, @Nullable String url, @Nullable String version, @Nullable String message,
		@Nullable DisplayTime checkedAt) {
}
