package io.slipway.onboarding;

/**
 * Where the change request proposing a new service can be found: Slipway's own change request or
 * the forge's pull (merge) request.
 *
 * @param id the change request's number ({@code 12}), or the forge's pull request id
 * @param url the page reviewers open: {@code /change-requests/12} for Slipway's own, the forge's
 * web page otherwise
 */
public record ChangeRequestRef(String id, String url) {
}
