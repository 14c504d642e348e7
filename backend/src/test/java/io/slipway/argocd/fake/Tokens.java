package io.slipway.argocd.fake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Argo CD's session tokens: HS256 JWTs signed with the server secret (util/session/sessionmanager.go).
 * Rotating the secret invalidates every token issued so far, as changing server.secretkey does.
 */
final class Tokens {

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	private static final String HEADER = ENCODER
		.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

	private final SecureRandom random = new SecureRandom();

	private volatile byte[] secret = newSecret();

	void rotate() {
		this.secret = newSecret();
	}

	/**
	 * @param subject {@code <user>:login} for a login, {@code <user>:apiKey} for an API key
	 */
	String issue(String subject, Instant issuedAt, Duration lifetime) {
		ObjectNode claims = GoJson.object();
		claims.put("iss", "argocd");
		claims.put("sub", subject);
		claims.put("exp", issuedAt.plus(lifetime).getEpochSecond());
		claims.put("nbf", issuedAt.getEpochSecond());
		claims.put("iat", issuedAt.getEpochSecond());
		claims.put("jti", UUID.randomUUID().toString());
		String signingInput = HEADER + "." + ENCODER.encodeToString(GoJson.bytes(claims));
		return signingInput + "." + ENCODER.encodeToString(sign(signingInput, this.secret));
	}

	/**
	 * @return the user name of a valid token
	 * @throws ArgoError 401 {@code invalid session: <golang-jwt v5 error>} otherwise
	 */
	String verify(String token) {
		String[] parts = token.split("\\.", -1);
		JsonNode claims;
		try {
			GoJson.parse(new String(DECODER.decode(parts[0]), StandardCharsets.UTF_8));
			claims = GoJson.parse(new String(DECODER.decode(parts[1]), StandardCharsets.UTF_8));
		}
		catch (RuntimeException ex) {
			throw ArgoError.unauthenticated("invalid session: token is malformed: could not JSON decode header");
		}
		byte[] signature;
		try {
			signature = DECODER.decode(parts[2]);
		}
		catch (IllegalArgumentException ex) {
			throw ArgoError.unauthenticated("invalid session: token is malformed: could not base64 decode signature");
		}
		byte[] expected = sign(parts[0] + "." + parts[1], this.secret);
		if (!MessageDigest.isEqual(expected, signature)) {
			throw ArgoError.unauthenticated("invalid session: token signature is invalid: signature is invalid");
		}
		long now = Instant.now().getEpochSecond();
		if (claims.path("exp").asLong(Long.MAX_VALUE) <= now) {
			throw ArgoError.unauthenticated("invalid session: token has invalid claims: token is expired");
		}
		String subject = claims.path("sub").asString("");
		int colon = subject.indexOf(':');
		return (colon < 0) ? subject : subject.substring(0, colon);
	}

	/**
	 * Argo CD ignores a bearer value that is not shaped like a JWT (server.go getToken).
	 */
	static boolean looksLikeJwt(String value) {
		return value.split("\\.", -1).length == 3;
	}

	private byte[] newSecret() {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		return bytes;
	}

	private static byte[] sign(String input, byte[] key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
