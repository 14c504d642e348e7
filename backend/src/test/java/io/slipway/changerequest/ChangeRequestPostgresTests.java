package io.slipway.changerequest;

import java.nio.file.Path;

import io.slipway.testsupport.TestDatabase;

/**
 * The change request tables on PostgreSQL, in a schema of their own. Fails (never skips) when
 * PostgreSQL is not reachable: see {@link TestDatabase#POSTGRES_URL_PROPERTY}.
 */
class ChangeRequestPostgresTests extends ChangeRequestPersistenceContract {

	@Override
	TestDatabase openDatabase(Path scratch) {
		return TestDatabase.postgres("changerequest");
	}

}
