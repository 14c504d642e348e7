/**
 * The WebClient implementation of {@link io.slipway.argocd.ArgoCdClient}: transport (timeouts,
 * TLS), authentication (bearer token or session login), the event-stream decoder, the mapping of
 * Argo CD's answers to typed errors, retry and circuit breaker, and the wiring.
 */
@NullMarked
package io.slipway.argocd.internal.webclient;

import org.jspecify.annotations.NullMarked;
