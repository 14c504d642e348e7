package io.slipway.onboarding.detection;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;

import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PackParser;

/**
 * A bare repository on disk whose object inserter charges every received byte to a
 * {@link FetchBudget}. JGit's fetch has no pack size limit of its own (only receive-pack has
 * one), but it reads every pack through {@code Repository.newObjectInserter().newPackParser(in)},
 * which this class meters.
 */
final class MeteredRepository extends FileRepository {

	private final FetchBudget budget;

	private MeteredRepository(FileRepositoryBuilder builder, FetchBudget budget) throws IOException {
		super(builder);
		this.budget = budget;
	}

	/**
	 * Creates an empty bare repository in {@code directory}.
	 */
	static MeteredRepository create(File directory, FetchBudget budget) throws IOException {
		FileRepositoryBuilder builder = new FileRepositoryBuilder();
		builder.setGitDir(directory).setBare().setup();
		MeteredRepository repository = new MeteredRepository(builder, budget);
		repository.create(true);
		return repository;
	}

	@Override
	public ObjectInserter newObjectInserter() {
		ObjectInserter delegate = super.newObjectInserter();
		FetchBudget budget = this.budget;
		return new ObjectInserter.Filter() {

			@Override
			protected ObjectInserter delegate() {
				return delegate;
			}

			@Override
			public PackParser newPackParser(InputStream in) throws IOException {
				return delegate.newPackParser(budget.meter(in));
			}

			@Override
			public ObjectId insert(int type, byte[] data) throws IOException {
				budget.charge(data.length);
				return delegate.insert(type, data);
			}

			@Override
			public ObjectId insert(int type, byte[] data, int off, int len) throws IOException {
				budget.charge(len);
				return delegate.insert(type, data, off, len);
			}

			@Override
			public ObjectId insert(int type, long length, InputStream in) throws IOException {
				budget.charge(length);
				return delegate.insert(type, length, in);
			}

		};
	}

}
