package io.slipway.forge;

/**
 * The repository or pull request does not exist (HTTP 404). Forges also answer 404 to a token
 * that may not see a private repository, so check {@code slipway.forge.repository} and the token's
 * access.
 */
public class ForgeNotFoundException extends ForgeException {

	public ForgeNotFoundException(String forge, int httpStatus, String message) {
		super(forge, httpStatus, message, null);
	}

}
