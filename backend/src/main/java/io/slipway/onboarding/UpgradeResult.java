package io.slipway.onboarding;

import java.util.List;
import java.util.Map;

import io.slipway.templates.Check;
import org.jspecify.annotations.Nullable;

/**
 * What upgrading services to a template pack's current version wrote: one commit re-rendering
 * every service, on {@code chore/upgrade-<pack>-<version>} with a change request proposing it,
 * or on the main branch in direct mode.
 *
 * @param pack the template pack
 * @param version the version the services now render with
 * @param branch the branch the commit went to
 * @param commit the commit
 * @param changeRequest the change request proposing it; {@code null} in direct mode
 * @param services each service re-rendered, in the order they were written
 */
public record UpgradeResult(String pack, String version, String branch, String commit,
		@Nullable ChangeRequestRef changeRequest, List<UpgradedService> services) {

	public UpgradeResult {
		services = List.copyOf(services);
	}

	/**
	 * One re-rendered service and what the re-render did to its files. A file the upgrade writes
	 * with the content it already had is in none of the lists.
	 *
	 * @param name the service
	 * @param fromVersion the pack version that rendered it before
	 * @param added files the new version writes for the first time
	 * @param modified existing files whose content changed (a hand edit of a generated file is
	 * overwritten)
	 * @param deleted files the old version wrote and the new one no longer does
	 * @param keptImageTags per environment, the image tag its overlay declares where the record
	 * still named an older one (a promotion changes only the overlay): the re-render keeps the
	 * declared tag
	 * @param checks the platform checks of the re-rendered files
	 */
	public record UpgradedService(String name, String fromVersion, List<String> added, List<String> modified,
			List<String> deleted, Map<String, String> keptImageTags, List<Check> checks) {

		public UpgradedService {
			added = List.copyOf(added);
			modified = List.copyOf(modified);
			deleted = List.copyOf(deleted);
			keptImageTags = Map.copyOf(keptImageTags);
			checks = List.copyOf(checks);
		}

	}

}
