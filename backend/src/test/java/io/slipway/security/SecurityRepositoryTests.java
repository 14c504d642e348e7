package io.slipway.security;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.slipway.security.ApiTokenRepository.ApiToken;
import io.slipway.security.AppUserRepository.StoredUser;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The user and token tables on both databases Slipway supports, migrated by the real Flyway
 * scripts: the embedded H2 and a real PostgreSQL (its own schema, dropped afterwards). PostgreSQL
 * comes from the system properties {@code slipway.test.postgres.url}, {@code .username} and
 * {@code .password}; the test fails, saying so, when it cannot be reached.
 */
class SecurityRepositoryTests {

	private static final String SCHEMA = "security_repository_tests";

	private static final Map<Database, DataSource> dataSources = new EnumMap<>(Database.class);

	enum Database {

		H2, POSTGRESQL

	}

	@BeforeAll
	static void migrateBothDatabases() throws SQLException {
		SimpleDriverDataSource h2 = new SimpleDriverDataSource(new org.h2.Driver(),
				"jdbc:h2:mem:" + SCHEMA + ";DB_CLOSE_DELAY=-1", "sa", "");
		Flyway.configure().dataSource(h2).locations("classpath:db/migration").load().migrate();
		dataSources.put(Database.H2, h2);

		String url = System.getProperty("slipway.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/slipway_test");
		String user = System.getProperty("slipway.test.postgres.username", "slipway");
		String password = System.getProperty("slipway.test.postgres.password", "slipway");
		try (Connection connection = DriverManager.getConnection(url, user, password);
				Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
			statement.execute("CREATE SCHEMA " + SCHEMA);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("PostgreSQL for persistence tests is unreachable at " + url
					+ " (set slipway.test.postgres.url/.username/.password, or start it as .ci/run does): "
					+ ex.getMessage(), ex);
		}
		SimpleDriverDataSource postgres = new SimpleDriverDataSource(new org.postgresql.Driver(),
				url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA, user, password);
		Flyway.configure().dataSource(postgres).schemas(SCHEMA).locations("classpath:db/migration").load().migrate();
		dataSources.put(Database.POSTGRESQL, postgres);
	}

	@AfterAll
	static void dropPostgresSchema() throws SQLException {
		DataSource postgres = dataSources.get(Database.POSTGRESQL);
		if (postgres != null) {
			try (Connection connection = postgres.getConnection(); Statement statement = connection.createStatement()) {
				statement.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
			}
		}
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
		return JdbcClient.create(dataSources.get(database));
	}

}
