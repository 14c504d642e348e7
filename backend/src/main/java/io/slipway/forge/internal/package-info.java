/**
 * The WebClient implementations of {@link io.slipway.forge.ForgeClient}, one per forge, and their
 * wiring.
 */
@NullMarked
package io.slipway.forge.internal;

import org.jspecify.annotations.NullMarked;
