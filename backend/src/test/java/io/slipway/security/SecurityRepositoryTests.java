package io.slipway.security;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.slipway.security.ApiTokenRepository.ApiToken;
import io.slipway.security.AppUserRepository.StoredUser;
import io.slipway.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The user and token tables on both databases Slipway supports, migrated by the real Flyway
 * scripts: the embedded H2 and a real PostgreSQL in a schema of its own, dropped afterwards. Fails
 * (never skips) when PostgreSQL is not reachable: see {@link TestDatabase#POSTGRES_URL_PROPERTY}.
 */
class SecurityRepositoryTests {

	private static final Map<Database, TestDatabase> databases = new EnumMap<>(Database.class);

	enum Database {

		H2, POSTGRESQL

	}

	@BeforeAll
	static void openBothDatabases() {
		databases.put(Database.H2, TestDatabase.h2InMemory());
		databases.put(Database.POSTGRESQL, TestDatabase.postgres("security"));
	}

	@AfterAll
	static void closeBothDatabases() {
		databases.values().forEach(TestDatabase::close);
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void storesAndFindsUsers(Database database) {
		AppUserRepository users = new AppUserRepository(jdbc(database));
		long before = users.count();
		String name = "user-" + database;
		StoredUser stored = users.insert(name, "{bcrypt}$2a$04$hash", List.of("developer", "approver"));

		assertThat(users.count()).isEqualTo(before + 1);
		StoredUser found = users.findByName(name).orElseThrow();
		assertThat(found.id()).isEqualTo(stored.id());
		assertThat(found.passwordHash()).isEqualTo("{bcrypt}$2a$04$hash");
		assertThat(found.roles()).containsExactly("developer", "approver");
		assertThat(found.createdAt()).isEqualTo(stored.createdAt());
		assertThat(users.findByName("nobody-" + database)).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void refusesASecondUserOfTheSameName(Database database) {
		AppUserRepository users = new AppUserRepository(jdbc(database));
		users.insert("twice-" + database, "{noop}a", List.of("viewer"));
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> users.insert("twice-" + database, "{noop}b", List.of("admin")));
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void storesFindsListsAndDeletesTokens(Database database) {
		ApiTokenRepository tokens = new ApiTokenRepository(jdbc(database));
		String owner = "owner-" + database;
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		ApiToken older = tokens.insert(owner, "older", "hash-older-" + database, now.minusSeconds(60));
		ApiToken newer = tokens.insert(owner, "newer", "hash-newer-" + database, now);
		tokens.insert("someone-else-" + database, "theirs", "hash-theirs-" + database, now);

		assertThat(tokens.findByOwner(owner)).extracting(ApiToken::name).containsExactly("newer", "older");
		ApiToken found = tokens.findByHash("hash-older-" + database).orElseThrow();
		assertThat(found).isEqualTo(older);
		assertThat(found.lastUsedAt()).isNull();

		tokens.markUsed(older.id(), now);
		assertThat(tokens.findByHash("hash-older-" + database).orElseThrow().lastUsedAt()).isEqualTo(now);

		assertThat(tokens.deleteOwned(newer.id(), "someone-else-" + database)).isEmpty();
		assertThat(tokens.deleteOwned(newer.id(), owner)).contains(newer);
		assertThat(tokens.findByHash("hash-newer-" + database)).isEmpty();
		assertThat(tokens.findByOwner(owner)).extracting(ApiToken::name).containsExactly("older");
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void refusesTwoTokensWithTheSameHash(Database database) {
		ApiTokenRepository tokens = new ApiTokenRepository(jdbc(database));
		tokens.insert("a", "first", "same-hash-" + database, Instant.now());
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> tokens.insert("b", "second", "same-hash-" + database, Instant.now()));
	}

	private static JdbcClient jdbc(Database database) {
		return databases.get(database).jdbc();
	}

}
