package io.slipway.testsupport;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A database with Slipway's real Flyway migrations applied, for persistence tests that must hold
 * on both databases Slipway supports: H2 (the embedded default) and PostgreSQL (production).
 *
 * <p>
 * PostgreSQL comes from the system properties {@value #POSTGRES_URL_PROPERTY},
 * {@value #POSTGRES_USERNAME_PROPERTY} and {@value #POSTGRES_PASSWORD_PROPERTY} (the backend
 * build passes them to the tests). Each {@link #postgres(String)} database is a schema of its
 * own, created here and dropped by {@link #close()}, so test classes never see each other's rows.
 * An unreachable PostgreSQL fails the test with a message naming the property: a persistence test
 * that silently skips its production database proves nothing.
 *
 * <p>
 * Typical use: open in {@code @BeforeAll}, close in {@code @AfterAll}; for a Spring context,
 * {@link #registerWith(DynamicPropertyRegistry)} in a {@code @DynamicPropertySource}.
 */
public final class TestDatabase implements AutoCloseable {

	/** JDBC URL of the PostgreSQL database persistence tests use. */
	public static final String POSTGRES_URL_PROPERTY = "slipway.test.postgres.url";

	/** User for {@link #POSTGRES_URL_PROPERTY}. */
	public static final String POSTGRES_USERNAME_PROPERTY = "slipway.test.postgres.username";

	/** Password for {@link #POSTGRES_URL_PROPERTY}. */
	public static final String POSTGRES_PASSWORD_PROPERTY = "slipway.test.postgres.password";

	private static final int H2_DATABASE_CLOSED = 90121;

	private static final String MIGRATIONS = "classpath:db/migration";

	private final String kind;

	private final String url;

	private final String username;

	private final String password;

	private final @Nullable String schema;

	private final List<HikariDataSource> pools = new ArrayList<>();

	private final HikariDataSource dataSource;

	private TestDatabase(String kind, String url, String username, String password, @Nullable String schema) {
		this.kind = kind;
		this.url = url;
		this.username = username;
		this.password = password;
		this.schema = schema;
		this.dataSource = newPool();
	}

	/**
	 * A private in-memory H2 database, migrated.
	 * @return the database
	 */
	public static TestDatabase h2InMemory() {
		String name = "slipway-" + UUID.randomUUID();
		return migrated(new TestDatabase("H2", "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", null));
	}

	/**
	 * An H2 file database in the given directory (use a {@code @TempDir}), opened the way Slipway
	 * opens its embedded database, migrated.
	 * @param directory where the database files go
	 * @return the database
	 */
	public static TestDatabase h2File(Path directory) {
		String url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve("slipway")
				+ ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE";
		return migrated(new TestDatabase("H2", url, "sa", "", null));
	}

	/**
	 * A fresh schema in the test PostgreSQL, migrated; {@link #close()} drops it.
	 * @param label a short word for the schema name, e.g. the module under test
	 * @return the database
	 * @throws IllegalStateException if the properties are missing or PostgreSQL is not reachable
	 */
	public static TestDatabase postgres(String label) {
		String baseUrl = System.getProperty(POSTGRES_URL_PROPERTY);
		if (baseUrl == null || baseUrl.isBlank()) {
			throw new IllegalStateException("PostgreSQL persistence tests need the system property "
					+ POSTGRES_URL_PROPERTY + " (with " + POSTGRES_USERNAME_PROPERTY + " and "
					+ POSTGRES_PASSWORD_PROPERTY + "); the backend's Maven build sets them for the tests");
		}
		String username = System.getProperty(POSTGRES_USERNAME_PROPERTY, "");
		String password = System.getProperty(POSTGRES_PASSWORD_PROPERTY, "");
		String schema = ("t_" + label.replaceAll("[^A-Za-z0-9]", "_") + "_"
				+ UUID.randomUUID().toString().replace("-", "").substring(0, 10))
			.toLowerCase(Locale.ROOT);
		try (Connection connection = DriverManager.getConnection(baseUrl, username, password);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + schema);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("PostgreSQL for persistence tests is not reachable at " + baseUrl
					+ " as user '" + username + "' (system properties " + POSTGRES_URL_PROPERTY + ", "
					+ POSTGRES_USERNAME_PROPERTY + ", " + POSTGRES_PASSWORD_PROPERTY + "): " + ex.getMessage(), ex);
		}
		String url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
		return migrated(new TestDatabase("PostgreSQL", url, username, password, schema));
	}

	private static TestDatabase migrated(TestDatabase database) {
		try {
			var flyway = Flyway.configure().dataSource(database.dataSource).locations(MIGRATIONS);
			if (database.schema != null) {
				flyway.schemas(database.schema).createSchemas(false);
			}
			flyway.load().migrate();
			return database;
		}
		catch (RuntimeException ex) {
			database.close();
			throw ex;
		}
	}

	/** @return "H2" or "PostgreSQL", for messages */
	public String kind() {
		return this.kind;
	}

	/** @return the JDBC URL, including the schema on PostgreSQL */
	public String url() {
		return this.url;
	}

	/** @return a pooled DataSource, closed with this database */
	public DataSource dataSource() {
		return this.dataSource;
	}

	/** @return a JdbcClient over {@link #dataSource()}, e.g. to tamper with rows as an attacker would */
	public JdbcClient jdbc() {
		return JdbcClient.create(this.dataSource);
	}

	/** @return a transaction manager over {@link #dataSource()} */
	public PlatformTransactionManager transactionManager() {
		return new DataSourceTransactionManager(this.dataSource);
	}

	/**
	 * Another, independent connection pool on the same database: what a second Slipway replica
	 * would have. Closed with this database.
	 * @return the new DataSource
	 */
	public DataSource openDataSource() {
		return newPool();
	}

	private HikariDataSource newPool() {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(this.url);
		config.setUsername(this.username);
		config.setPassword(this.password);
		config.setMaximumPoolSize(10);
		config.setMinimumIdle(0);
		config.setPoolName("test-" + this.kind + "-" + (this.pools.size() + 1));
		HikariDataSource pool = new HikariDataSource(config);
		this.pools.add(pool);
		return pool;
	}

	/**
	 * Points a Spring context's DataSource (and so its Flyway) at this database.
	 * @param registry from a {@code @DynamicPropertySource} method
	 */
	public void registerWith(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", this::url);
		registry.add("spring.datasource.username", () -> this.username);
		registry.add("spring.datasource.password", () -> this.password);
	}

	/** Closes every pool; drops the PostgreSQL schema, or shuts an H2 database down. */
	@Override
	public void close() {
		// Pools first, and the cleanup on a connection of its own: a test that exhausted or
		// broke a pool must not leave its schema behind.
		this.pools.forEach(HikariDataSource::close);
		if (this.schema == null && !this.url.startsWith("jdbc:h2:mem:")) {
			// An H2 file database closes with its last connection; its directory is the test's.
			return;
		}
		try (Connection connection = DriverManager.getConnection(this.url, this.username, this.password);
				Statement statement = connection.createStatement()) {
			statement.execute((this.schema != null) ? "DROP SCHEMA " + this.schema + " CASCADE" : "SHUTDOWN");
		}
		catch (SQLException ex) {
			// Closing the statement after H2's SHUTDOWN reports the database as closed: it is.
			if (this.schema != null || ex.getErrorCode() != H2_DATABASE_CLOSED) {
				throw new IllegalStateException("error cleaning up " + this.kind + " test database " + this.url + ": "
						+ ex.getMessage(), ex);
			}
		}
	}

}
