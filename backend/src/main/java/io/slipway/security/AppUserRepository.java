package io.slipway.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The {@code app_user} table: users Slipway stored itself. Blocking; reactive callers run it on
 * a bounded elastic scheduler.
 */
@Repository
class AppUserRepository {

	private final JdbcClient jdbc;

	AppUserRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<StoredUser> findByName(String name) {
		return this.jdbc.sql("SELECT id, name, password_hash, roles, created_at FROM app_user WHERE name = :name")
			.param("name", name)
			.query(AppUserRepository::toUser)
			.optional();
	}

	long count() {
		return this.jdbc.sql("SELECT COUNT(*) FROM app_user").query(Long.class).single();
	}

	/**
	 * Stores a user; fails with {@code DuplicateKeyException} when the name is taken (e.g. another
	 * replica created the first-start admin at the same moment).
	 */
	StoredUser insert(String name, String passwordHash, List<String> roles) {
		Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO app_user (name, password_hash, roles, created_at)"
					+ " VALUES (:name, :passwordHash, :roles, :createdAt)")
			.param("name", name)
			.param("passwordHash", passwordHash)
			.param("roles", String.join(",", roles))
			.param("createdAt", OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC))
			.update(key, "id");
		return new StoredUser(generatedId(key), name, passwordHash, List.copyOf(roles), createdAt);
	}

	static long generatedId(KeyHolder key) {
		Number id = key.getKey();
		if (id == null) {
			throw new IllegalStateException("database returned no generated id");
		}
		return id.longValue();
	}

	private static StoredUser toUser(ResultSet rs, int row) throws SQLException {
		List<String> roles = Arrays.stream(rs.getString("roles").split(","))
			.map(String::trim)
			.filter(role -> !role.isEmpty())
			.toList();
		return new StoredUser(rs.getLong("id"), rs.getString("name"), rs.getString("password_hash"), roles,
				rs.getObject("created_at", OffsetDateTime.class).toInstant());
	}

	/**
	 * A stored user.
	 *
	 * @param passwordHash Spring Security's encoded form, {@code {bcrypt}$2a$...}
	 * @param roles role ids as stored, recognised or not
	 */
	record StoredUser(long id, String name, String passwordHash, List<String> roles, Instant createdAt) {

		@Override
		public String toString() {
			// Keeps the hash out of logs and assertion messages.
			return "StoredUser[id=" + this.id + ", name=" + this.name + ", roles=" + this.roles + "]";
		}

	}

}
