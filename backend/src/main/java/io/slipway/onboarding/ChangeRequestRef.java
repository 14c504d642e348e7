package io.slipway.onboarding;

/**
 * Where the change request proposing a new service can be found: Slipway's own change request or
 * the forge's pull (merge) request.
 *
 * @param id the change request's number in Slipway ({@code 12}, as in
 * {@code /api/v1/change-requests/12}), also when it is a forge's pull request
 * @param url the page reviewers open: {@code /change-requests/12} for Slipway's own, the pull
 * request's page on the forge otherwise
 */
public record ChangeRequestRef(String id, String url) {
}
