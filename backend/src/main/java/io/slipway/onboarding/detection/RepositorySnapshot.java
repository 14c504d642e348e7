package io.slipway.onboarding.detection;

import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The root of a repository at the tip of its default branch, as far as detection needs it.
 *
 * @param commit the commit read; absent for a repository without commits
 * @param files names of the regular files at the root
 * @param directories names of the directories at the root
 * @param contents the contents of the requested files that exist and are small enough
 */
record RepositorySnapshot(@Nullable String commit, Set<String> files, Set<String> directories,
		Map<String, byte[]> contents) {

	static final RepositorySnapshot EMPTY = new RepositorySnapshot(null, Set.of(), Set.of(), Map.of());

	RepositorySnapshot {
		files = Set.copyOf(files);
		directories = Set.copyOf(directories);
		contents = Map.copyOf(contents);
	}

}
