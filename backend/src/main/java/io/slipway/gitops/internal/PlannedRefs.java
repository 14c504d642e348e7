package io.slipway.gitops.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.jspecify.annotations.Nullable;

/**
 * The branches of one batch of writes: the cache's refs as just fetched, with the updates the
 * batch's operations planned on top, in order, so each operation builds on what the ones before
 * it produced. Nothing here touches the cache's refs; the plan becomes real only when the remote
 * accepted it.
 * <p>
 * Operations read and write through a {@link View}, which records what they read from an earlier
 * operation's plan (their result depends on it) and keeps their writes aside until
 * {@link View#keep()}, so an operation that fails leaves the plan as it was. The zero id stands
 * for a branch that does not exist (read) or is to be deleted (write).
 */
final class PlannedRefs {

	private final Repository cache;

	/** Ref name to its value as fetched (zero: absent), read lazily. */
	private final Map<String, ObjectId> fetched = new HashMap<>();

	/** Ref name to its planned value (zero: deleted), in the order first planned. */
	private final Map<String, ObjectId> planned = new LinkedHashMap<>();

	PlannedRefs(Repository cache) {
		this.cache = cache;
	}

	/**
	 * The ref's value in the cache, as fetched before this batch.
	 */
	ObjectId fetched(String refName) throws IOException {
		ObjectId known = this.fetched.get(refName);
		if (known == null) {
			Ref ref = this.cache.exactRef(refName);
			known = (ref != null && ref.getObjectId() != null) ? ref.getObjectId() : ObjectId.zeroId();
			this.fetched.put(refName, known);
		}
		return known;
	}

	/**
	 * Records an update planned by an operation of an earlier round (kept, not re-applied).
	 */
	void replay(Map<String, ObjectId> writes) throws IOException {
		for (Map.Entry<String, ObjectId> write : writes.entrySet()) {
			fetched(write.getKey());
			this.planned.put(write.getKey(), write.getValue());
		}
	}

	/**
	 * The refs whose planned value differs from the fetched one: what the batch pushes.
	 */
	Map<String, ObjectId> changes() throws IOException {
		Map<String, ObjectId> changes = new LinkedHashMap<>();
		for (Map.Entry<String, ObjectId> entry : this.planned.entrySet()) {
			if (!entry.getValue().equals(fetched(entry.getKey()))) {
				changes.put(entry.getKey(), entry.getValue());
			}
		}
		return changes;
	}

	View view() {
		return new View();
	}

	/**
	 * One operation's access to the plan.
	 */
	final class View {

		private final Set<String> plannedReads = new LinkedHashSet<>();

		private final Map<String, ObjectId> writes = new LinkedHashMap<>();

		/**
		 * The ref as the operations before this one left it, or {@code null} when it does not
		 * exist (then).
		 */
		@Nullable ObjectId read(String refName) throws IOException {
			ObjectId own = this.writes.get(refName);
			ObjectId value;
			if (own != null) {
				value = own;
			}
			else if (PlannedRefs.this.planned.containsKey(refName)) {
				this.plannedReads.add(refName);
				value = PlannedRefs.this.planned.get(refName);
			}
			else {
				value = fetched(refName);
			}
			return value.equals(ObjectId.zeroId()) ? null : value;
		}

		/**
		 * The ref as fetched, whatever the batch planned for it.
		 */
		ObjectId fetched(String refName) throws IOException {
			return PlannedRefs.this.fetched(refName);
		}

		void write(String refName, ObjectId value) throws IOException {
			PlannedRefs.this.fetched(refName);
			this.writes.put(refName, value);
		}

		void delete(String refName) throws IOException {
			write(refName, ObjectId.zeroId());
		}

		/** Refs this operation read from the plan of an earlier operation of the batch. */
		Set<String> plannedReads() {
			return this.plannedReads;
		}

		Map<String, ObjectId> writes() {
			return this.writes;
		}

		/**
		 * Makes this operation's writes part of the plan, for the operations after it.
		 */
		void keep() {
			PlannedRefs.this.planned.putAll(this.writes);
		}

	}

}
