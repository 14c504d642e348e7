package io.slipway.audit;

import java.nio.file.Path;

import io.slipway.testsupport.TestDatabase;

/** The audit chain on H2, in a file database opened the way embedded Slipway opens it. */
class AuditLogH2Tests extends AuditLogPersistenceContract {

	@Override
	TestDatabase openDatabase(Path scratch) {
		return TestDatabase.h2File(scratch);
	}

}
