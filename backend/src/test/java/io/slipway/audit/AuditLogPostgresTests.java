package io.slipway.audit;

import java.nio.file.Path;

import io.slipway.testsupport.TestDatabase;

/**
 * The audit chain on PostgreSQL, in a schema of its own. Fails (never skips) when PostgreSQL is
 * not reachable: see {@link TestDatabase#POSTGRES_URL_PROPERTY}.
 */
class AuditLogPostgresTests extends AuditLogPersistenceContract {

	@Override
	TestDatabase openDatabase(Path scratch) {
		return TestDatabase.postgres("audit");
	}

}
