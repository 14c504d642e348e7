package io.slipway.gitops.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.transport.PackParser;

/**
 * An object inserter that keeps what it is given in memory, layered over a repository's reader:
 * its reader sees the new objects and everything the repository holds. Previews build trees with
 * it, so showing what a change would do never writes a byte into the repository.
 * <p>
 * Meant for a handful of files (a preview), not for bulk imports: everything stays in the heap
 * until the inserter is dropped.
 */
final class InMemoryObjects extends ObjectInserter {

	private final ObjectReader base;

	private final Map<ObjectId, Stored> objects = new HashMap<>();

	/**
	 * @param base reads the repository's own objects; stays owned (and closed) by the caller
	 */
	InMemoryObjects(ObjectReader base) {
		this.base = base;
	}

	@Override
	public ObjectId insert(int type, byte[] data, int offset, int length) {
		ObjectId id = idFor(type, data, offset, length);
		this.objects.putIfAbsent(id, new Stored(type, Arrays.copyOfRange(data, offset, offset + length)));
		return id;
	}

	@Override
	public ObjectId insert(int type, long length, InputStream in) throws IOException {
		if (length > Integer.MAX_VALUE) {
			throw new IOException("object of " + length + " bytes is too large to preview");
		}
		byte[] data = in.readNBytes((int) length);
		if (data.length != length) {
			throw new IOException("object stream ended after " + data.length + " of " + length + " bytes");
		}
		return insert(type, data, 0, data.length);
	}

	@Override
	public PackParser newPackParser(InputStream in) {
		throw new UnsupportedOperationException("in-memory objects do not take packs");
	}

	@Override
	public ObjectReader newReader() {
		return new Reader();
	}

	@Override
	public void flush() {
		// nothing to flush: the objects live exactly as long as this inserter
	}

	@Override
	public void close() {
		// the base reader belongs to the caller
	}

	private record Stored(int type, byte[] bytes) {
	}

	/**
	 * Answers from the in-memory objects first, then from the repository.
	 */
	private final class Reader extends ObjectReader.Filter {

		@Override
		protected ObjectReader delegate() {
			return InMemoryObjects.this.base;
		}

		@Override
		public ObjectReader newReader() {
			return new Reader();
		}

		@Override
		public Collection<ObjectId> resolve(AbbreviatedObjectId id) throws IOException {
			Set<ObjectId> matches = new LinkedHashSet<>(delegate().resolve(id));
			InMemoryObjects.this.objects.keySet().stream().filter((candidate) -> id.prefixCompare(candidate) == 0).forEach(matches::add);
			return matches;
		}

		@Override
		public boolean has(AnyObjectId id) throws IOException {
			return InMemoryObjects.this.objects.containsKey(id) || delegate().has(id);
		}

		@Override
		public boolean has(AnyObjectId id, int typeHint) throws IOException {
			return InMemoryObjects.this.objects.containsKey(id) || delegate().has(id, typeHint);
		}

		@Override
		public ObjectLoader open(AnyObjectId id) throws IOException {
			return open(id, OBJ_ANY);
		}

		@Override
		public ObjectLoader open(AnyObjectId id, int typeHint) throws IOException {
			Stored stored = InMemoryObjects.this.objects.get(id);
			if (stored == null) {
				return delegate().open(id, typeHint);
			}
			if (typeHint != OBJ_ANY && typeHint != stored.type()) {
				throw new IncorrectObjectTypeException(id.toObjectId(), typeHint);
			}
			return new ObjectLoader.SmallObject(stored.type(), stored.bytes());
		}

		@Override
		public long getObjectSize(AnyObjectId id, int typeHint) throws MissingObjectException,
				IncorrectObjectTypeException, IOException {
			Stored stored = InMemoryObjects.this.objects.get(id);
			return (stored != null) ? stored.bytes().length : delegate().getObjectSize(id, typeHint);
		}

		@Override
		public ObjectInserter getCreatedFromInserter() {
			return InMemoryObjects.this;
		}

		@Override
		public void close() {
			// the base reader belongs to the caller of the inserter
		}

	}

}
