package io.slipway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import io.slipway.security.ApiTokenRepository.ApiToken;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens for scripts and CI: created by a user for themselves, shown once, stored only as a
 * SHA-256 hash, used as {@code Authorization: Bearer <token>}, revoked by their owner. A token
 * acts with its owner's current roles, so taking a role away also takes it from their tokens.
 * Blocking; reactive callers run it on a bounded elastic scheduler.
 */
@Service
class ApiTokenManagement {

	/** Marks a Slipway token, so secret scanners and people can tell what leaked. */
	static final String PREFIX = "slw_";

	static final int SECRET_LENGTH = 40;

	static final int MAX_NAME_LENGTH = 100;

	/**
	 * What is wrong with a token name a user typed, as a message key.
	 * @param name the name as entered
	 * @return the message key of the problem, {@code null} when the name is fine
	 */
	static @Nullable String nameProblem(@Nullable String name) {
		if (name == null || name.isBlank()) {
			return "tokens.name.required";
		}
		return (name.trim().length() > MAX_NAME_LENGTH) ? "tokens.name.tooLong" : null;
	}

	private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	/** Recording every use would write on every API call; a minute is precise enough. */
	private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

	private final ApiTokenRepository tokens;

	private final ApplicationEventPublisher events;

	private final SecureRandom random = new SecureRandom();

	ApiTokenManagement(ApiTokenRepository tokens, ApplicationEventPublisher events) {
		this.tokens = tokens;
		this.events = events;
	}

	/**
	 * Creates a token for {@code owner}; the result is the only place its secret ever appears.
	 * The audit entry is written in the same transaction: no token exists unaudited.
	 */
	@Transactional
	CreatedApiToken create(String owner, String name) {
		String secret = newSecret();
		ApiToken token = this.tokens.insert(owner, name, hash(secret), Instant.now().truncatedTo(ChronoUnit.MICROS));
		this.events.publishEvent(new ApiTokenCreated(owner, token.id(), name));
		return new CreatedApiToken(token.id(), name, secret);
	}

	List<ApiToken> list(String owner) {
		return this.tokens.findByOwner(owner);
	}

	/** Revokes the token if {@code owner} owns it; false when there is no such token of theirs. */
	@Transactional
	boolean revoke(String owner, long id) {
		Optional<ApiToken> revoked = this.tokens.deleteOwned(id, owner);
		revoked.ifPresent(token -> this.events.publishEvent(new ApiTokenRevoked(owner, id, token.name())));
		return revoked.isPresent();
	}

	/** The owner of the token with this secret, if it exists; records that it was used. */
	Optional<String> ownerOf(String secret) {
		if (!secret.startsWith(PREFIX) || secret.length() != PREFIX.length() + SECRET_LENGTH) {
			return Optional.empty();
		}
		Optional<ApiToken> token = this.tokens.findByHash(hash(secret));
		token.ifPresent(this::markUsed);
		return token.map(ApiToken::owner);
	}

	private void markUsed(ApiToken token) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		Instant last = token.lastUsedAt();
		if (last == null || last.plus(LAST_USED_PRECISION).isBefore(now)) {
			this.tokens.markUsed(token.id(), now);
		}
	}

	private String newSecret() {
		StringBuilder secret = new StringBuilder(PREFIX);
		for (int i = 0; i < SECRET_LENGTH; i++) {
			secret.append(BASE62.charAt(this.random.nextInt(BASE62.length())));
		}
		return secret.toString();
	}

	static String hash(String secret) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(sha256.digest(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	/**
	 * A token just created: the secret is returned to its owner once and never again.
	 *
	 * @param token the secret to send as {@code Authorization: Bearer <token>}
	 */
	record CreatedApiToken(long id, String name, String token) {

		@Override
		public String toString() {
			return "CreatedApiToken[id=" + this.id + ", name=" + this.name + "]";
		}

	}

}
