/**
 * Language detection for onboarding: reads the marker files at the root of a service's
 * repository (without a checkout) and proposes a port, a health path and a Dockerfile.
 * <p>
 * Internal to the onboarding module; its public types are for the module's own API and pages.
 */
@NullMarked
package io.slipway.onboarding.detection;

import org.jspecify.annotations.NullMarked;
