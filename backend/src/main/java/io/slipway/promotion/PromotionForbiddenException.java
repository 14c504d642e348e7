package io.slipway.promotion;

/**
 * The caller's role allows the action, but not on this promotion (403): approving or rejecting
 * one's own promotion, approving without being in the required group, aborting someone else's
 * promotion without being an admin, waiving a gate without being an admin.
 */
public class PromotionForbiddenException extends RuntimeException {

	public PromotionForbiddenException(String message) {
		super(message);
	}

}
