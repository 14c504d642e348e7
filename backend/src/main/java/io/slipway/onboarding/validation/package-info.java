/**
 * The rules behind {@link io.slipway.onboarding.ServiceSpecValidator}: Kubernetes names and
 * quantities, image references and the secret scanner. Internal to the onboarding module.
 */
@NullMarked
package io.slipway.onboarding.validation;

import org.jspecify.annotations.NullMarked;
