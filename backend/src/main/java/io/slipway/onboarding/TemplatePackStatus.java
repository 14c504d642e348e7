package io.slipway.onboarding;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One template pack as Slipway ships it, and the services the main branch of the infra
 * repository says it rendered: every service whose render record names the pack, and those
 * behind its current version.
 *
 * @param name the pack ({@code goapps})
 * @param version its current version, the one onboarding and upgrades render with
 * @param description what it writes
 * @param services every service with a readable render record of this pack, by name, with the
 * version that rendered it
 * @param outdated the services an upgrade would re-render: rendered from an older version, or
 * whose record lies where this pack keeps its records but cannot be used (then
 * {@link Outdated#problem()} says why)
 */
public record TemplatePackStatus(String name, String version, String description, List<Rendered> services,
		List<Outdated> outdated) {

	public TemplatePackStatus {
		services = List.copyOf(services);
		outdated = List.copyOf(outdated);
	}

	/**
	 * The services an upgrade can re-render, by name.
	 */
	public List<String> upgradable() {
		return this.outdated.stream().filter(Outdated::upgradable).map(Outdated::name).toList();
	}

	/**
	 * A service rendered from the pack.
	 *
	 * @param name the service
	 * @param version the pack version its render record names
	 */
	public record Rendered(String name, String version) {
	}

	/**
	 * A service behind the pack's current version.
	 *
	 * @param name the service
	 * @param version the pack version its record names; {@code null} when the record cannot be read
	 * @param problem why it cannot be upgraded ({@code cannot upgrade: <reason>}); {@code null} when
	 * it can
	 */
	public record Outdated(String name, @Nullable String version, @Nullable String problem) {

		public boolean upgradable() {
			return this.problem == null;
		}

	}

}
