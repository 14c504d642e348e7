package io.slipway.forge;

/**
 * The forge refused the token (HTTP 401) or the token lacks a permission the request needs (HTTP
 * 403). Retrying will not help until {@code slipway.forge.token} is fixed.
 */
public class ForgeAuthenticationException extends ForgeException {

	public ForgeAuthenticationException(String forge, int httpStatus, String message) {
		super(forge, httpStatus, message, null);
	}

}
