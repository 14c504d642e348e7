package io.slipway.onboarding;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The keys under {@code slipway.onboarding.*} that shape spec validation.
 *
 * @param trustedRegistries registries or registry/path prefixes ({@code ghcr.io/acme}) images
 * must come from to run in production; empty trusts any registry
 * @param templatePacks template packs a spec may name
 */
@ConfigurationProperties("slipway.onboarding")
record ServiceSpecValidationProperties(@DefaultValue List<String> trustedRegistries,
		@DefaultValue({ "goapps", "packages" }) List<String> templatePacks) {
}
