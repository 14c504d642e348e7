package io.slipway.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The {@code api_token} table. Holds SHA-256 hashes of token secrets, never the secrets. Blocking;
 * reactive callers run it on a bounded elastic scheduler.
 */
@Repository
class ApiTokenRepository {

	private static final String COLUMNS = "id, owner, name, created_at, last_used_at";

	private final JdbcClient jdbc;

	ApiTokenRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	ApiToken insert(String owner, String name, String tokenHash, Instant createdAt) {
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO api_token (owner, name, token_hash, created_at)"
					+ " VALUES (:owner, :name, :tokenHash, :createdAt)")
			.param("owner", owner)
			.param("name", name)
			.param("tokenHash", tokenHash)
			.param("createdAt", utc(createdAt))
			.update(key, "id");
		return new ApiToken(AppUserRepository.generatedId(key), owner, name, createdAt, null);
	}

	/** The owner's tokens, newest first. */
	List<ApiToken> findByOwner(String owner) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM api_token WHERE owner = :owner ORDER BY created_at DESC, id DESC")
			.param("owner", owner)
			.query(ApiTokenRepository::toToken)
			.list();
	}

	Optional<ApiToken> findByHash(String tokenHash) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM api_token WHERE token_hash = :tokenHash")
			.param("tokenHash", tokenHash)
			.query(ApiTokenRepository::toToken)
			.optional();
	}

	/** Deletes the token if {@code owner} owns it, and returns what was deleted. */
	Optional<ApiToken> deleteOwned(long id, String owner) {
		Optional<ApiToken> token = this.jdbc
			.sql("SELECT " + COLUMNS + " FROM api_token WHERE id = :id AND owner = :owner")
			.param("id", id)
			.param("owner", owner)
			.query(ApiTokenRepository::toToken)
			.optional();
		token.ifPresent(found -> this.jdbc.sql("DELETE FROM api_token WHERE id = :id AND owner = :owner")
			.param("id", id)
			.param("owner", owner)
			.update());
		return token;
	}

	void markUsed(long id, Instant usedAt) {
		this.jdbc.sql("UPDATE api_token SET last_used_at = :usedAt WHERE id = :id")
			.param("usedAt", utc(usedAt))
			.param("id", id)
			.update();
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private static ApiToken toToken(ResultSet rs, int row) throws SQLException {
		OffsetDateTime lastUsed = rs.getObject("last_used_at", OffsetDateTime.class);
		return new ApiToken(rs.getLong("id"), rs.getString("owner"), rs.getString("name"),
				rs.getObject("created_at", OffsetDateTime.class).toInstant(),
				(lastUsed != null) ? lastUsed.toInstant() : null);
	}

	/** A stored token, without its secret (which is never stored). */
	record ApiToken(long id, String owner, String name, Instant createdAt, @Nullable Instant lastUsedAt) {
	}

}
