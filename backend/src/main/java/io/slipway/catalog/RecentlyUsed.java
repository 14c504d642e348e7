package io.slipway.catalog;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A small least-recently-used map for facts that never change once known (what a commit
 * declared, who authored a revision), so that pages do not ask Git or Argo CD twice.
 */
final class RecentlyUsed<K, V> {

	private final Map<K, V> entries;

	RecentlyUsed(int capacity) {
		this.entries = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
				return size() > capacity;
			}

		};
	}

	synchronized Optional<V> get(K key) {
		return Optional.ofNullable(this.entries.get(key));
	}

	synchronized void put(K key, V value) {
		this.entries.put(key, value);
	}

}
