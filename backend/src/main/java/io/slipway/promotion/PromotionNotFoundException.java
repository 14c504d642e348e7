package io.slipway.promotion;

/**
 * No promotion with this id, or no such service or environment to promote (404).
 */
public class PromotionNotFoundException extends RuntimeException {

	public PromotionNotFoundException(String message) {
		super(message);
	}

}
