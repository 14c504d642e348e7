package io.slipway.promotion;

import org.jspecify.annotations.Nullable;

/**
 * The release a promotion moves: what the source environment runs.
 *
 * @param image the image repository the target overlay sets ({@code ghcr.io/acme/payments})
 * @param imageTag the tag the source overlay declares in Git
 * @param revision the Git revision Argo CD reported the source synced at when it was chosen
 */
public record Candidate(String image, String imageTag, @Nullable String revision) {
}
