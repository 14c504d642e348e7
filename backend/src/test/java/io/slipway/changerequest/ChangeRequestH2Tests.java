package io.slipway.changerequest;

import java.nio.file.Path;

import io.slipway.testsupport.TestDatabase;

/**
 * The change request tables on H2, as Slipway opens its embedded database file.
 */
class ChangeRequestH2Tests extends ChangeRequestPersistenceContract {

	@Override
	TestDatabase openDatabase(Path scratch) {
		return TestDatabase.h2File(scratch);
	}

}
